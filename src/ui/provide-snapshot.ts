import { ContextProvider } from '@lit/context';
import type { ConsentManager } from '../core/consent.js';
import { snapshotContext } from './context.js';

/**
 * Provides the manager's snapshot from `host` (the document element, which exists even while the
 * script runs in `<head>`), so elements anywhere below it, in any shadow root, receive each new one.
 */
export function provideSnapshot(host: HTMLElement, manager: ConsentManager): () => void {
  const provider = new ContextProvider(host, { context: snapshotContext, initialValue: manager.snapshot });
  return manager.subscribe((_event, snapshot) => provider.setValue(snapshot));
}
