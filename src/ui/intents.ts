import { readConfig } from '../core/config.js';
import type { ConsentManager } from '../core/consent.js';
import type { Warn } from '../core/types.js';
import { AssentConfigureRequestEvent, AssentDecisionRequestEvent, AssentPreferencesRequestEvent } from './events.js';

/** Turns the requests that elements send up into manager calls, one call per request. */
export function handleIntents(root: HTMLElement, manager: ConsentManager, warn: Warn): () => void {
  const onDecision = (event: AssentDecisionRequestEvent) => {
    if (event.choice === 'accept-all') void manager.acceptAll();
    else if (event.choice === 'reject-all') void manager.rejectAll();
    else void manager.update(event.decisions, 'custom');
  };
  const onPreferences = (event: AssentPreferencesRequestEvent) => {
    if (event.open) manager.openPreferences();
    else manager.closePreferences();
  };
  const onConfigure = (event: AssentConfigureRequestEvent) => {
    const host = event.composedPath()[0];
    if (host instanceof Element) manager.configure(readConfig(host, warn));
  };
  root.addEventListener(AssentDecisionRequestEvent.eventName, onDecision);
  root.addEventListener(AssentPreferencesRequestEvent.eventName, onPreferences);
  root.addEventListener(AssentConfigureRequestEvent.eventName, onConfigure);
  return () => {
    root.removeEventListener(AssentDecisionRequestEvent.eventName, onDecision);
    root.removeEventListener(AssentPreferencesRequestEvent.eventName, onPreferences);
    root.removeEventListener(AssentConfigureRequestEvent.eventName, onConfigure);
  };
}
