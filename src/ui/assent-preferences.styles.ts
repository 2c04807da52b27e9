import { css } from 'lit';

export const assentPreferencesStyles = css`
  :host {
    display: contents;
  }
  dialog {
    width: min(36rem, calc(100vw - 2rem));
    max-height: calc(100dvh - 2rem);
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    overflow: auto;
  }
  /* On a phone the preference center is a full-screen sheet. */
  @media (max-width: 30rem) {
    dialog {
      width: 100%;
      max-width: none;
      height: 100%;
      max-height: none;
      margin: 0;
      border: 0;
      border-radius: 0;
    }
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .content {
    display: grid;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.25);
  }
  .header {
    display: flex;
    align-items: start;
    justify-content: space-between;
    gap: var(--_space);
  }
  .close {
    flex: none;
    display: grid;
    place-items: center;
    width: 2.75rem;
    height: 2.75rem;
    margin: -0.5rem -0.5rem 0 0;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: inherit;
    font: inherit;
    font-size: 1.5rem;
    line-height: 1;
    cursor: pointer;
  }
  .close:hover {
    background: color-mix(in srgb, currentColor 10%, transparent);
  }
  .description {
    color: var(--_muted);
  }
  .honored {
    font-weight: 600;
  }
  .categories {
    display: grid;
    gap: 0;
    margin: 0;
    padding: 0;
    list-style: none;
    border-top: 1px solid color-mix(in srgb, var(--_border) 50%, transparent);
  }
  .category {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.25rem var(--_space);
    padding: 0.75rem 0;
    border-bottom: 1px solid color-mix(in srgb, var(--_border) 50%, transparent);
  }
  .category label {
    font-weight: 600;
  }
  .category .explanation {
    grid-column: 1;
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  .control {
    grid-column: 2;
    grid-row: 1 / span 2;
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .always-on {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  input[role='switch'] {
    appearance: none;
    position: relative;
    flex: none;
    width: 3rem;
    height: 1.75rem;
    margin: 0;
    border: 2px solid var(--_border);
    border-radius: 1rem;
    background: var(--_surface);
    cursor: pointer;
    transition: background-color 150ms, border-color 150ms;
  }
  input[role='switch']::before {
    content: '';
    position: absolute;
    inset-block-start: 0.1875rem;
    inset-inline-start: 0.1875rem;
    width: 1.125rem;
    height: 1.125rem;
    border-radius: 50%;
    background: var(--_border);
    transition: transform 150ms;
  }
  input[role='switch']:checked {
    border-color: var(--_accent);
    background: var(--_accent);
  }
  input[role='switch']:checked::before {
    background: var(--_accent-text);
    transform: translateX(1.25rem);
  }
  [dir='rtl'] input[role='switch']:checked::before {
    transform: translateX(-1.25rem);
  }
  input[role='switch']:disabled {
    cursor: not-allowed;
    opacity: 0.75;
  }
  @media (prefers-reduced-motion: reduce) {
    input[role='switch'],
    input[role='switch']::before {
      transition: none;
    }
  }
  @media (forced-colors: active) {
    input[role='switch'] {
      border-color: ButtonText;
    }
    input[role='switch']::before {
      background: ButtonText;
    }
    input[role='switch']:checked {
      background: Highlight;
      border-color: Highlight;
    }
    input[role='switch']:checked::before {
      background: HighlightText;
    }
  }
`;
