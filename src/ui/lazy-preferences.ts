import type { ConsentManager } from '../core/consent.js';
import type { Warn } from '../core/types.js';

/**
 * Loads the preference center only when it can be needed: at once when the shopper asks for it,
 * and while the browser is idle when the banner shows (so "Customize" opens without a wait).
 * A failed load is reported, the request is closed so the banner stays usable, and the next
 * request tries again.
 */
export function loadPreferencesWhenNeeded(manager: ConsentManager, load: () => Promise<unknown>, warn: Warn): () => void {
  let loading: Promise<unknown> | undefined;
  let prefetchScheduled = false;
  const ensureLoaded = () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      warn(`could not load the preference center (${error instanceof Error ? error.message : String(error)}).`);
      manager.closePreferences();
    });
  };
  return manager.subscribe((_event, snapshot) => {
    if (snapshot.preferencesOpen) ensureLoaded();
    else if (snapshot.showBanner && !prefetchScheduled) {
      prefetchScheduled = true;
      whenIdle(ensureLoaded);
    }
  });
}

function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 2000 });
  else setTimeout(task, 200);
}
