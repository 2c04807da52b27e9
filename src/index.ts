import { handOverEarlyApi } from './core/early-api.js';
import { pageHandle } from './page-handle.js';
import { pageAssent } from './page.js';

/** The head part's early `window.assent`, if the page has it: calls made to it are handed over. */
const early = window.assent;

/** The page's consent API (docs/api.md); the same object as `window.assent`. */
export const consent = pageAssent({
  parts: {
    ui: () =>
      import('./ui/start-ui.js').then(({ startUi }) => {
        const handle = pageHandle();
        if (handle) startUi(handle.manager, handle.locale);
      }),
    preferences: () => import('./ui/define-preferences.js').then(({ definePreferences }) => definePreferences()),
    cookieTable: () =>
      import('./ui/start-cookie-table.js').then(({ startCookieTable }) => {
        const handle = pageHandle();
        if (handle) return startCookieTable(handle.api);
      }),
    platform: () =>
      import('./signals/platform.js').then(({ bridgeToPlatform }) => {
        const handle = pageHandle();
        if (handle) bridgeToPlatform(handle.manager, { warn: handle.warn });
      }),
    signals: () =>
      import('./signals/vendors.js').then(({ driveVendorSignals }) => {
        const handle = pageHandle();
        if (handle) driveVendorSignals(handle.manager, { warn: handle.warn });
      }),
    sync: () =>
      import('./core/start-sync.js').then(({ startSync }) => {
        const handle = pageHandle();
        if (handle) handle.endpoint.connect((earlier, startedWith) => startSync(handle.manager, handle.warn, earlier, startedWith));
      }),
    warnings: () => import('./core/problem-texts.js').then(({ describeProblem }) => pageHandle()?.problems.describeWith(describeProblem)),
    optOutLink: () =>
      import('./ui/opt-out-link-render.js').then(({ renderOptOutLink }) => {
        const handle = pageHandle();
        handle?.optOutLink.connect((link) => renderOptOutLink(link, handle.locale));
      }),
    diagnostics: () =>
      import('./core/diagnostics.js').then(({ startDiagnostics }) => {
        const handle = pageHandle();
        if (handle) void startDiagnostics(handle);
      }),
  },
  language: (code) => import(`./ui/i18n/messages/${code}.json`).then((module: { default: unknown }) => module.default),
});
// Code the bundler never sees (the theme's, a tag manager's) reaches the same instance.
window.assent = consent;
handOverEarlyApi(early, consent);

export type { AssentApi } from './core/api.js';
export type { AssentChangeDetail, AssentReadyDetail } from './core/document-events.js';
export type { CategoryConfig, Config, ConsentMethod, ConsentState } from './core/types.js';
export type { DeliveredRecord, EndpointRecord, Receipt } from './core/endpoint.js';
export type { AssentBanner } from './ui/assent-banner.js';
export { AssentCategory } from './ui/assent-category.js';
export { AssentConsent } from './ui/assent-consent.js';
export { AssentOptOutLink } from './ui/assent-opt-out-link.js';
export type { AssentPreferences } from './ui/assent-preferences.js';
export type { AssentCookieTable } from './ui/assent-cookie-table.js';
