import type { ConsentModeReport, DataLayerEntry, PageCategory } from './types.js';

/** The seven Google Consent Mode v2 signals. */
const SIGNALS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage'] as const;

/** The signals of the well-known categories when `gcm` is absent, as docs/signals.md documents them. */
const DOCUMENTED_SIGNALS: Readonly<Record<string, readonly string[]>> = {
  functional: ['functionality_storage'],
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
  personalization: ['personalization_storage'],
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Describes a `dataLayer` entry that is a tag's command or event, or null for one that is not. */
function tagActivity(entry: DataLayerEntry): string | null {
  if ('command' in entry) {
    const [name, first] = entry.command;
    if (name === 'consent' || name === 'set') return null;
    const named = (name === 'config' || name === 'event') && typeof first === 'string';
    return `gtag('${String(name)}'${named ? `, '${first}'` : ''})`;
  }
  return isRecord(entry.object) && typeof entry.object['event'] === 'string' ? `the event "${entry.object['event']}"` : null;
}

/** Consent Mode as the `dataLayer` shows it: the default, the updates and what was pushed before the default. */
export function readConsentMode(dataLayer: readonly DataLayerEntry[] | null): ConsentModeReport | null {
  if (!dataLayer) return null;
  let defaults: Record<string, unknown> | null = null;
  const updates: Array<Record<string, unknown>> = [];
  const beforeDefault: string[] = [];
  for (const entry of dataLayer) {
    if ('command' in entry && entry.command[0] === 'consent' && isRecord(entry.command[2])) {
      if (entry.command[1] === 'default' && !defaults) defaults = entry.command[2];
      else if (entry.command[1] === 'update') updates.push(entry.command[2]);
      continue;
    }
    const activity = defaults ? null : tagActivity(entry);
    if (activity) beforeDefault.push(activity);
  }
  if (!defaults && updates.length === 0) return null;
  const effective: Record<string, string> = {};
  for (const layer of [defaults ?? {}, ...updates]) {
    for (const signal of SIGNALS) if (typeof layer[signal] === 'string') effective[signal] = layer[signal];
  }
  return { default: defaults, updates, effective, beforeDefault };
}

/** The signals a category grants: its `gcm` attribute, else the documented default. */
function signalsOf(category: PageCategory): readonly string[] {
  return category.gcm ?? DOCUMENTED_SIGNALS[category.name] ?? [];
}

/**
 * The signals a decision should give: a signal is granted when every configured category that
 * maps it is granted; `security_storage` always is; a signal no category maps is denied.
 */
export function expectedSignals(categories: readonly PageCategory[], decisions: Readonly<Record<string, boolean>>): Record<string, 'granted' | 'denied'> {
  const expected: Record<string, 'granted' | 'denied'> = {};
  for (const signal of SIGNALS) {
    const mappers = categories.filter((category) => signalsOf(category).includes(signal));
    const granted = signal === 'security_storage' || (mappers.length > 0 && mappers.every(({ name }) => decisions[name] === true));
    expected[signal] = granted ? 'granted' : 'denied';
  }
  return expected;
}

/** The signals whose value in force differs from what the decision gives, as readable text. */
export function signalMismatches(report: ConsentModeReport, expected: Readonly<Record<string, string>>): string[] {
  return SIGNALS.filter((signal) => report.effective[signal] !== expected[signal]).map(
    (signal) => `${signal} is ${report.effective[signal] ?? 'not set'} but should be ${expected[signal]}`,
  );
}

/** Signals other than `security_storage` that a default grants. */
export function grantedByDefault(report: ConsentModeReport): string[] {
  return SIGNALS.filter((signal) => signal !== 'security_storage' && report.default?.[signal] === 'granted');
}
