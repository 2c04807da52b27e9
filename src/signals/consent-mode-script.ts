import type { ConsentModeDefault } from './gcm.js';

/**
 * The Consent Mode default asked for on Assent's own `<script>` (`data-google-consent-mode`, with
 * `data-gcm-wait`, `data-gcm-ads-data-redaction`, `data-gcm-url-passthrough`), or undefined.
 */
export function consentModeOnScript(script: HTMLScriptElement | null): ConsentModeDefault | undefined {
  const data = script?.dataset;
  if (!data || data['googleConsentMode'] === undefined || data['googleConsentMode'] === 'false') return undefined;
  const wait = Number(data['gcmWait'] ?? 500);
  return {
    waitForUpdate: Number.isInteger(wait) && wait >= 0 && wait <= 10_000 ? wait : 500,
    adsDataRedaction: data['gcmAdsDataRedaction'] !== undefined,
    urlPassthrough: data['gcmUrlPassthrough'] !== undefined,
  };
}
