import type { ConsentManager } from './consent.js';

/**
 * Shares decisions with the site's other open tabs, so that a choice made in one closes the
 * banner and enables scripts in all of them. Returns the function that stops sharing.
 */
export function shareAcrossTabs(manager: ConsentManager, channelName = 'assent'): () => void {
  if (typeof BroadcastChannel !== 'function') return () => undefined;
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (message: MessageEvent<unknown>) => manager.adopt(message.data);
  const stop = manager.subscribe((event) => {
    if (event.type === 'decision' && event.source === 'local') channel.postMessage(event.state);
  });
  return () => {
    stop();
    channel.close();
  };
}
