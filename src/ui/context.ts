import { ContextProvider, createContext } from '@lit/context';
import type { ConsentManager, ConsentSnapshot } from '../core/consent.js';

/** The manager's snapshot, shared with every Assent element on the page. */
export const snapshotContext = createContext<ConsentSnapshot>(Symbol.for('assent.snapshot'));

/**
 * Provides the manager's snapshot from `host` (the document element, which exists even while the
 * script runs in `<head>`), so elements anywhere below it, in any shadow root, receive each new one.
 */
export function provideSnapshot(host: HTMLElement, manager: ConsentManager): () => void {
  const provider = new ContextProvider(host, { context: snapshotContext, initialValue: manager.snapshot });
  return manager.subscribe((_event, snapshot) => provider.setValue(snapshot));
}
