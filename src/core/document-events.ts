import type { ConsentManager } from './consent.js';
import type { ConsentState } from './types.js';

export interface AssentReadyDetail {
  readonly state: ConsentState | null;
}

export interface AssentChangeDetail {
  readonly state: ConsentState;
  readonly previous: ConsentState | null;
}

/** Tells the page about the manager: `assent-ready` once, `assent-change` after every decision. */
export function announceOnDocument(manager: ConsentManager, target: EventTarget = document): () => void {
  return manager.subscribe((event) => {
    if (event.type === 'ready') {
      target.dispatchEvent(announcement<AssentReadyDetail>('assent-ready', { state: event.state }));
    } else if (event.type === 'decision') {
      target.dispatchEvent(announcement<AssentChangeDetail>('assent-change', { state: event.state, previous: event.previous }));
    }
  });
}

function announcement<T>(type: string, detail: T): CustomEvent<T> {
  return new CustomEvent(type, { bubbles: true, composed: true, detail: Object.freeze(detail) });
}

declare global {
  interface DocumentEventMap {
    'assent-ready': CustomEvent<AssentReadyDetail>;
    'assent-change': CustomEvent<AssentChangeDetail>;
  }
  interface GlobalEventHandlersEventMap {
    'assent-ready': CustomEvent<AssentReadyDetail>;
    'assent-change': CustomEvent<AssentChangeDetail>;
  }
}
