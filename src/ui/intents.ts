import type { ConsentManager } from '../core/consent.js';
import { AssentConfigureRequestEvent, AssentDecisionRequestEvent, AssentPreferencesRequestEvent } from './events.js';

/**
 * Turns the requests that elements send up into manager calls, one call per request; a request
 * to read `<assent-consent>` again goes to `configure`, which reads it into the manager.
 */
export function handleIntents(root: HTMLElement, manager: ConsentManager, configure: (host: Element) => void): () => void {
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
    if (host instanceof Element) configure(host);
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
