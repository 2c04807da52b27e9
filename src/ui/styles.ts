import { css } from 'lit';

/** The dark scheme's defaults, for `theme="dark"` and for `auto` on a dark system. */
const darkTokens = css`
  --_surface: var(--assent-surface, #1c1c21);
  --_text: var(--assent-text, #f2f2f5);
  --_muted: var(--assent-muted, #c4c4cf);
  --_accent: var(--assent-accent, #9cbcff);
  --_accent-text: var(--assent-accent-text, #0b1220);
  --_border: var(--assent-border, #9a9aa6);
  color-scheme: dark;
`;

/** Read by assistive technology, not shown. */
export const visuallyHidden = css`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
`;

/**
 * Design tokens. Each `--assent-*` property can be set by the shop (from `:root` or the element);
 * the defaults meet WCAG AA contrast in both schemes. Applied on `.surface` elements, which carry
 * `data-theme` (`light`, `dark` or `auto`).
 */
export const tokens = css`
  .surface {
    --_surface: var(--assent-surface, #ffffff);
    --_text: var(--assent-text, #1c1c21);
    --_muted: var(--assent-muted, #4b4b57);
    --_accent: var(--assent-accent, #1d4ed8);
    --_accent-text: var(--assent-accent-text, #ffffff);
    --_border: var(--assent-border, #6b6b76);
    --_radius: var(--assent-radius, 0.75rem);
    --_shadow: var(--assent-shadow, 0 0.5rem 2rem rgb(0 0 0 / 0.2));
    --_z: var(--assent-z-index, 2147483000);
    --_space: var(--assent-spacing, 1rem);
    color-scheme: light;
    box-sizing: border-box;
    font-family: var(--assent-font, inherit);
    line-height: 1.5;
    color: var(--_text);
    background: var(--_surface);
  }
  .surface[data-theme='dark'] {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    .surface[data-theme='auto'] {
      ${darkTokens}
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2 {
    margin: 0;
    font-size: 1.125rem;
    line-height: 1.3;
  }
  p {
    margin: 0;
  }
  a {
    color: inherit;
    text-underline-offset: 0.15em;
  }
  :focus-visible {
    outline: 3px solid var(--_text);
    outline-offset: 2px;
  }
  .visually-hidden {
    ${visuallyHidden}
  }
`;

/** Every choice button looks the same: accepting is never more prominent than rejecting. */
export const choiceButtons = css`
  .actions {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    /* Equal rows too: a longer translation never makes one choice bigger than another. */
    grid-auto-rows: 1fr;
    gap: 0.5rem;
  }
  .choice {
    min-height: 2.75rem;
    min-width: 0;
    padding: 0.625rem 1rem;
    border: 2px solid var(--_accent);
    border-radius: calc(var(--_radius) / 1.5);
    background: var(--_accent);
    color: var(--_accent-text);
    font: inherit;
    font-weight: 600;
    line-height: 1.2;
    cursor: pointer;
    white-space: normal;
  }
  .choice:hover {
    filter: brightness(1.1);
  }
  @media (max-width: 30rem) {
    .actions {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  @media (forced-colors: active) {
    .choice {
      border-color: ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }
  }
`;
