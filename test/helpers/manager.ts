import { readConfig } from '../../src/core/config.js';
import { ConsentManager } from '../../src/core/consent.js';
import type { ConsentStore } from '../../src/core/storage.js';
import type { Config } from '../../src/core/types.js';
import { fakeClock } from './clock.js';
import { freshIndexedDbStore } from './stores.js';
import { recordWarnings } from './warnings.js';

/** The configuration that markup would give, e.g. `configFrom('policy-version="2" categories="analytics"')`. */
export function configFrom(attributes: string, children = ''): Config {
  const template = document.createElement('template');
  template.innerHTML = `<assent-consent ${attributes}>${children}</assent-consent>`;
  return readConfig(template.content.firstElementChild!, () => undefined);
}

/** A manager on a real IndexedDB database of its own, with a fake clock. */
export function createTestManager(options: { store?: ConsentStore; clock?: ReturnType<typeof fakeClock>; config?: Config | null; gpc?: boolean } = {}) {
  const store = options.store ?? freshIndexedDbStore();
  const clock = options.clock ?? fakeClock();
  const warn = recordWarnings();
  const manager = new ConsentManager({ store, warn, now: clock.now, gpcSignal: () => options.gpc === true });
  if (options.config !== null) manager.configure(options.config ?? configFrom('categories="analytics marketing"'));
  return { manager, store, clock, warn };
}

