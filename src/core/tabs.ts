import type { ConsentManager } from './consent.js';

/** The Web Storage key that carries a decision to other tabs where BroadcastChannel is missing. */
export const TAB_MESSAGE_KEY = 'assent:decision';

export interface TabChannel {
  post(message: unknown): void;
  listen(receive: (message: unknown) => void): void;
  close(): void;
}

/** BroadcastChannel, the browser's own way to talk to the site's other tabs. */
export function broadcastChannel(name: string): TabChannel | undefined {
  if (typeof BroadcastChannel !== 'function') return undefined;
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    listen: (receive) => (channel.onmessage = (event: MessageEvent<unknown>) => receive(event.data)),
    close: () => channel.close(),
  };
}

/**
 * For browsers without BroadcastChannel: the `storage` event, which other tabs of the site hear
 * when a key changes. The key is written and removed at once, so nothing stays in Web Storage.
 */
export function storageEventChannel(target: Window = window): TabChannel | undefined {
  let storage: Storage;
  try {
    storage = target.localStorage;
  } catch {
    return undefined;
  }
  let onStorage: ((event: StorageEvent) => void) | undefined;
  return {
    post: (message) => {
      try {
        storage.setItem(TAB_MESSAGE_KEY, JSON.stringify(message));
        storage.removeItem(TAB_MESSAGE_KEY);
      } catch {
        // Storage full or blocked: the other tabs learn of the decision on their next load.
      }
    },
    listen: (receive) => {
      onStorage = (event) => {
        if (event.key !== TAB_MESSAGE_KEY || event.newValue === null) return;
        try {
          receive(JSON.parse(event.newValue));
        } catch {
          // Not ours to read.
        }
      };
      target.addEventListener('storage', onStorage);
    },
    close: () => {
      if (onStorage) target.removeEventListener('storage', onStorage);
    },
  };
}

/**
 * Shares decisions with the site's other open tabs, so that a choice made in one closes the
 * banner and enables scripts in all of them. A message only says "the stored decision changed":
 * any script of the site can post on the channel, so the tab that hears it reads the decision
 * from IndexedDB, which the tabs share, never from the message. The message goes out once the
 * decision is stored. Returns the function that stops sharing.
 */
export function shareAcrossTabs(manager: ConsentManager, channel: TabChannel | undefined = broadcastChannel('assent') ?? storageEventChannel()): () => void {
  if (!channel) return () => undefined;
  channel.listen(() => void manager.adoptStored());
  const stop = manager.subscribe((event) => {
    // The record goes along for tabs of an older Assent, which take the message as the decision.
    if ((event.type === 'decision' && event.source === 'local') || event.type === 'reissued') {
      manager.saved.then(() => channel.post(event.state)).catch(() => undefined); // closed meanwhile
    }
  });
  return () => {
    stop();
    channel.close();
  };
}
