import { css } from 'lit';

export const assentBannerStyles = css`
  :host {
    display: contents;
  }
  .banner {
    position: fixed;
    z-index: var(--_z);
    inset: auto 0 0 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: center;
    gap: var(--_space);
    max-height: 100dvh;
    overflow: auto;
    padding: var(--_space) max(var(--_space), calc((100vw - 72rem) / 2));
    border-top: 1px solid var(--_border);
    box-shadow: var(--_shadow);
  }
  /* Rendered hidden, then shown and laid out in a task of its own (showLaidOut). */
  .banner[data-pending] {
    display: none;
  }
  .banner[data-position='top'] {
    inset: 0 0 auto;
    border-width: 0 0 1px;
    border-style: solid;
  }
  /* A box: layout="box", or a corner or the center. */
  .banner[data-box] {
    grid-template-columns: minmax(0, 1fr);
    width: min(26rem, calc(100vw - 2 * var(--_space)));
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    inset: auto auto var(--_space) 50%;
    transform: translateX(-50%);
  }
  .banner[data-box][data-position='top'] {
    inset: var(--_space) auto auto 50%;
  }
  .banner[data-position='bottom-left'] {
    inset: auto auto var(--_space) var(--_space);
    transform: none;
  }
  .banner[data-position='bottom-right'] {
    inset: auto var(--_space) var(--_space) auto;
    transform: none;
  }
  .banner[data-position='center'] {
    inset: 50% auto auto 50%;
    transform: translate(-50%, -50%);
  }
  .text {
    display: grid;
    gap: 0.375rem;
  }
  .description {
    color: var(--_muted);
  }
  .honored {
    font-weight: 600;
  }
  .banner[data-box] .actions {
    grid-template-columns: minmax(0, 1fr);
  }
  @media (max-width: 48rem) {
    .banner {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  /* A phone: the shop stays in view. Tighter spacing and smaller explanation text (13 px at the
     default font size), "Accept all" and "Reject all" side by side, and "Customize" as a link of
     its own row, at least 24 px high (WCAG 2.5.8). */
  @media (max-width: 30rem) {
    .banner {
      gap: calc(var(--_space) / 2);
      padding: calc(var(--_space) * 0.75);
    }
    .text {
      gap: 0.25rem;
    }
    h2 {
      font-size: 1rem;
      line-height: 1.25;
    }
    .description {
      font-size: 0.8125rem;
      line-height: 1.4;
    }
    .banner .actions.choices {
      grid-template-columns: repeat(2, minmax(0, 1fr));
      grid-auto-rows: auto;
      row-gap: 0.25rem;
    }
    .choices .choice {
      min-height: 2.5rem;
      padding: 0.375rem 0.5rem;
      font-size: 0.9375rem;
    }
    .choices .customize {
      grid-column: 1 / -1;
      justify-self: center;
      min-height: 1.5rem;
      padding: 0 0.5rem;
      border-color: transparent;
      background: none;
      color: inherit;
      text-decoration: underline;
    }
  }
  /* Narrower than WCAG's 320 px (a phone zoomed to 200 %): the two choices stack again. */
  @media (max-width: 19rem) {
    .banner .actions.choices {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  /* The note that a choice was saved, small at the bottom edge. Its lifetime animation is its
     timer: it waits while the note is hovered or has focus, and while the preference center is
     open; at its end the note goes. */
  .saved {
    position: fixed;
    z-index: var(--_z);
    inset: auto 0 var(--_space);
    width: fit-content;
    max-width: calc(100vw - 2 * var(--_space));
    margin-inline: auto;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.5rem 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    font-size: 0.875rem;
    animation: lifetime var(--assent-confirmation-duration, 6s) forwards;
  }
  .saved:hover,
  .saved:focus-within,
  .saved[data-waiting] {
    animation-play-state: paused;
  }
  @keyframes lifetime {
    to {
      opacity: 1;
    }
  }
  .change {
    min-height: 1.5rem;
    padding: 0 0.25rem;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    font-weight: 600;
    text-decoration: underline;
    cursor: pointer;
  }
  /* Slides in rather than fades: text keeps its full contrast from the first frame. The first
     frame shows the banner lowered, and the slide starts in the next one (data-entering removed):
     starting an animation in the frame that first styles the banner made that frame long on a
     slow phone. */
  @media (prefers-reduced-motion: no-preference) {
    .banner {
      transition: translate 200ms ease-out;
    }
    .banner[data-entering] {
      translate: 0 0.75rem;
    }
    .saved {
      animation: lifetime var(--assent-confirmation-duration, 6s) forwards, rise 200ms ease-out;
    }
    @keyframes rise {
      from {
        translate: 0 0.75rem;
      }
    }
  }
  @media (forced-colors: active) {
    .banner {
      border: 2px solid CanvasText;
    }
  }
`;
