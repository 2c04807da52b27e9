// What every dashboard element shares: the light and dark tokens (set once, on <assent-dashboard>,
// and inherited through every shadow root), controls, tables, and the visually hidden text that
// screen readers still read.
import { css } from 'lit';

export const tokens = css`
  :host {
    color-scheme: light dark;
    --ink: light-dark(#1b1f24, #e8eaed);
    --muted: light-dark(#555e68, #a4adb6);
    --paper: light-dark(#ffffff, #131619);
    --panel: light-dark(#f4f6f8, #1c2024);
    --line: light-dark(#c9d1d9, #3b434b);
    --accent: light-dark(#0a58a8, #74b9ff);
    --on-accent: light-dark(#ffffff, #0d1014);
    --danger: light-dark(#a3261d, #ff9b8f);
    --previous: light-dark(#3d4650, #c3cbd3);
    /* Okabe–Ito: told apart with the common colour-vision deficiencies. */
    --method-accept-all: light-dark(#0072b2, #56b4e9);
    --method-reject-all: light-dark(#d55e00, #e69f00);
    --method-custom: light-dark(#009e73, #3fd0a4);
    --method-gpc: light-dark(#cc79a7, #e8a6cb);
    --method-api: light-dark(#6b6b00, #f0e442);
    --method-withdraw: light-dark(#6a3d9a, #b99ae0);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
`;

export const shared = css`
  :host {
    display: block;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  select {
    font: inherit;
    color: var(--ink);
    background: var(--panel);
    border: 1px solid var(--line);
    border-radius: 6px;
    padding: 0.35rem 0.75rem;
  }
  button {
    cursor: pointer;
  }
  button[aria-pressed='true'],
  button.primary {
    background: var(--accent);
    border-color: var(--accent);
    color: var(--on-accent);
  }
  button.danger {
    background: var(--danger);
    border-color: var(--danger);
    color: var(--on-accent);
  }
  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  :focus-visible {
    outline: 3px solid var(--accent);
    outline-offset: 2px;
  }
  h2,
  h3 {
    margin: 0 0 0.5rem;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.15rem;
  }
  h3 {
    font-size: 1rem;
  }
  .muted {
    color: var(--muted);
  }
  .error {
    color: var(--danger);
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.25rem;
  }
  th,
  td {
    padding: 0.2rem 0.6rem;
    border-block-end: 1px solid var(--line);
    text-align: end;
    white-space: nowrap;
  }
  th:first-child,
  td:first-child {
    text-align: start;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    button[aria-pressed='true'] {
      outline: 2px solid CanvasText;
    }
  }
`;

/** The charts: an SVG as wide as its box, and a legend of swatches below it. */
export const chart = css`
  svg {
    width: 100%;
    height: auto;
    display: block;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    list-style: none;
    padding: 0;
    margin: 0.5rem 0 0;
    font-size: 0.9rem;
  }
  .swatch {
    display: inline-block;
    width: 0.8rem;
    height: 0.8rem;
    border-radius: 2px;
    margin-inline-end: 0.3rem;
    vertical-align: -0.05rem;
  }
`;
