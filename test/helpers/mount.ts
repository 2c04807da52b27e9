import { readConfig } from '../../src/core/config.js';
import { defineElements } from '../../src/ui/define.js';
import { defineUiElements } from '../../src/ui/define-ui.js';
import { definePreferences } from '../../src/ui/define-preferences.js';
import { handleIntents } from '../../src/ui/intents.js';
import { followLocale } from '../../src/ui/i18n/locale.js';
import { provideSnapshot } from '../../src/ui/provide-snapshot.js';
import { provideTexts } from '../../src/ui/provide-texts.js';
import { createTestManager } from './manager.js';
import { freshIndexedDbStore } from './stores.js';
import type { ConsentStore } from '../../src/core/storage.js';
import type { LoadLanguage } from '../../src/ui/i18n/locale.js';

/** The translations as the repository holds them, served by the test server. */
export const languageFromSource: LoadLanguage = async (code) => {
  const response = await fetch(`/src/ui/i18n/messages/${code}.json`);
  if (!response.ok) throw new Error(`${code}.json: HTTP ${response.status}`);
  return response.json();
};

defineElements();
defineUiElements();
definePreferences();

const mounted: Array<() => void> = [];

/** Removes everything `mountConsent` put on the page; call from `afterEach`. */
export function unmountAll(): void {
  for (const unmount of mounted.splice(0)) unmount();
}

/**
 * Puts `<assent-consent>` markup on the page the way the entry point wires it: a context provider
 * and the intent handler on an ancestor, a manager on a real IndexedDB database of its own.
 */
export async function mountConsent(markup: string, options: { store?: ConsentStore; before?: string; language?: LoadLanguage; gpc?: boolean } = {}) {
  const { manager, warn } = createTestManager({ store: options.store ?? freshIndexedDbStore(), config: null, gpc: options.gpc });
  const root = document.createElement('div');
  // A generous wait for the language file: the test machines are shared and sometimes slow.
  const locale = followLocale(manager, options.language ?? languageFromSource, warn, 10_000);
  locale.request();
  const stopProviding = provideSnapshot(root, manager);
  const stopTexts = provideTexts(root, locale);
  const stopIntents = handleIntents(root, manager, (host) => manager.configure(readConfig(host, warn)));
  root.innerHTML = `${options.before ?? ''}${markup}`;
  document.body.append(root);
  mounted.push(() => {
    stopProviding();
    stopTexts();
    stopIntents();
    root.remove();
  });
  await manager.ready;
  for (const deadline = Date.now() + 12_000; !locale.current && Date.now() < deadline; ) await settle();
  await settle();
  const consent = root.querySelector('assent-consent')!;
  const banner = () => consent.shadowRoot!.querySelector('assent-banner')!;
  const preferences = () => consent.shadowRoot!.querySelector('assent-preferences')!;
  return {
    root,
    manager,
    warn,
    consent,
    banner,
    preferences,
    bannerRegion: () => banner().shadowRoot!.querySelector<HTMLElement>('[role="region"]'),
    dialog: () => preferences().shadowRoot!.querySelector('dialog')!,
    bannerButton: (name: string) => buttonNamed(banner().shadowRoot!, name),
    dialogButton: (name: string) => buttonNamed(preferences().shadowRoot!, name),
    switches: () => [...preferences().shadowRoot!.querySelectorAll<HTMLInputElement>('input[role="switch"]')],
    switchFor: (category: string) => preferences().shadowRoot!.querySelector<HTMLInputElement>(`input[data-category="${category}"]`)!,
  };
}

/** Lets the manager's change reach every element and their renders finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

function buttonNamed(root: ShadowRoot, name: string): HTMLButtonElement {
  const button = [...root.querySelectorAll('button')].find((candidate) => accessibleName(candidate) === name);
  if (!button) throw new Error(`no button named "${name}"`);
  return button;
}

function accessibleName(element: HTMLElement): string {
  return (element.getAttribute('aria-label') ?? element.textContent ?? '').trim();
}
