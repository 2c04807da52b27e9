// Assent's Google Tag Manager template (gtm/template.tpl). Tag Manager's sandbox cannot run here:
// the template's sandboxed JavaScript runs in Node with a fake `require()` that gives the sandbox
// APIs it uses, records their calls, and checks each against the permissions the template
// declares, as Tag Manager does. Everything else is the template file as a shop imports it: its
// parameters' default values and its permissions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const TEMPLATE = readFileSync(new URL('../../gtm/template.tpl', import.meta.url), 'utf8');

/** The `___NAME___` sections of the .tpl export. */
const sections = Object.fromEntries(
  TEMPLATE.split(/^___([A-Z_]+)___$/m)
    .slice(1)
    .reduce((pairs, part, index, parts) => (index % 2 === 0 ? [...pairs, [part, parts[index + 1].trim()]] : pairs), []),
);
const info = JSON.parse(sections.INFO);
const parameters = JSON.parse(sections.TEMPLATE_PARAMETERS);
const permissions = JSON.parse(sections.WEB_PERMISSIONS);
const code = sections.SANDBOXED_JS_FOR_WEB_TEMPLATE;

const CONSENT_TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage'];
const denied = Object.fromEntries(CONSENT_TYPES.map((type) => [type, 'denied']));

/** A permission's parameter, decoded from the export's typed values. */
function permission(publicId) {
  const found = permissions.find(({ instance }) => instance.key.publicId === publicId);
  if (!found) return undefined;
  const decode = (value) =>
    value.type === 1 ? value.string : value.type === 8 ? value.boolean : value.type === 2 ? value.listItem.map(decode) : Object.fromEntries(value.mapKey.map((key, index) => [decode(key), decode(value.mapValue[index])]));
  return Object.fromEntries(found.instance.param.map(({ key, value }) => [key, decode(value)]));
}

/** Tag Manager's URL match patterns for injected scripts: a trailing `*` matches any rest. */
const urlAllowed = (url) => (permission('inject_script')?.urls ?? []).some((pattern) => (pattern.endsWith('*') ? url.startsWith(pattern.slice(0, -1)) : url === pattern));

function requireGlobal(key, access) {
  const entry = (permission('access_globals')?.keys ?? []).find((declared) => declared.key === key);
  if (!entry?.[access]) throw new Error(`access_globals does not allow ${access} of ${key}`);
}

/** The values of the template's parameters as a shop gets them on import, with `overrides`. */
function dataWith(overrides = {}) {
  const data = Object.fromEntries(parameters.map((parameter) => [parameter.name, structuredClone(parameter.defaultValue)]));
  return Object.assign(data, overrides);
}

/**
 * Runs the template once on a page whose `window` is `page`: returns what it called and the
 * listeners it added. `page.assent` stands for Assent's API (docs/api.md).
 */
function run(data = dataWith(), page = {}) {
  const calls = [];
  const listeners = {};
  const record = (name) => (...args) => void calls.push([name, ...args]);
  const pathIn = (path) => path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), page);
  const apis = {
    setDefaultConsentState(states) {
      for (const type of Object.keys(states).filter((key) => key !== 'region' && key !== 'wait_for_update')) {
        const entry = permission('access_consent').consentTypes.find((declared) => declared.consentType === type);
        if (!entry?.write) throw new Error(`access_consent does not allow writing ${type}`);
      }
      calls.push(['setDefaultConsentState', structuredClone(states)]);
    },
    updateConsentState(states) {
      apis.setDefaultConsentState(states); // the same permission
      calls.splice(-1, 1, ['updateConsentState', structuredClone(states)]);
    },
    gtagSet(key, value) {
      if (!permission('write_data_layer')?.keyPatterns.includes(key)) throw new Error(`write_data_layer does not allow ${key}`);
      calls.push(['gtagSet', key, value]);
    },
    copyFromWindow(key) {
      requireGlobal(key, 'read');
      const value = pathIn(key);
      return value === undefined ? undefined : structuredClone(value);
    },
    callInWindow(path, ...args) {
      requireGlobal(path, 'execute');
      if (path === 'addEventListener') {
        const [type, listener] = args;
        (listeners[type] ??= []).push(listener);
        return undefined;
      }
      const fn = pathIn(path);
      return typeof fn === 'function' ? fn(...args) : undefined;
    },
    injectScript(url, onSuccess, onFailure, cacheToken) {
      if (!urlAllowed(url)) throw new Error(`inject_script does not allow ${url}`);
      calls.push(['injectScript', url, cacheToken]);
      onSuccess();
    },
    queryPermission: (kind, url) => kind === 'inject_script' && urlAllowed(url),
    logToConsole: record('logToConsole'),
    makeNumber: (value) => Number(value),
    makeString: (value) => String(value),
  };
  const sandboxRequire = (name) => {
    if (!(name in apis)) throw new Error(`the fake sandbox has no ${name}`);
    if (name === 'logToConsole' && !permission('logging')) throw new Error('logging is not declared');
    return apis[name];
  };
  const runData = { ...data, gtmOnSuccess: record('gtmOnSuccess'), gtmOnFailure: record('gtmOnFailure') };
  new Function('require', 'data', code)(sandboxRequire, runData);
  const dispatch = (type) => (listeners[type] ?? []).forEach((listener) => listener({ type }));
  return { calls, listeners, dispatch, named: (name) => calls.filter(([called]) => called === name).map(([, ...args]) => args) };
}

/** Assent's API on the page, as a decision makes it: `granted` answers from the decisions. */
function assentWith(state, grants = state?.decisions ?? {}) {
  return { state, granted: (category) => category === 'necessary' || grants[category] === true };
}

const decision = (decisions) => ({ id: 'a', revision: 1, method: 'custom', decisions: { necessary: true, ...decisions } });

test('is a web tag template in the format Tag Manager imports, and its code keeps to the sandbox’s language', () => {
  assert.deepEqual(Object.keys(sections), ['TERMS_OF_SERVICE', 'INFO', 'TEMPLATE_PARAMETERS', 'SANDBOXED_JS_FOR_WEB_TEMPLATE', 'WEB_PERMISSIONS', 'TESTS', 'NOTES']);
  assert.equal(info.type, 'TAG');
  assert.deepEqual(info.containerContexts, ['WEB']);
  // Sandboxed JavaScript has no `new`, no `this`, no template literals, no spread and no regular
  // expressions: none in the code, its comments and strings aside.
  const bare = code.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g, (token) => (token.startsWith('/') ? '' : '""'));
  for (const [pattern, what] of [[/\bnew\s/, 'new'], [/\bthis\b/, 'this'], [/`/, 'template literals'], [/\.\.\./, 'spread'], [/[(,=]\s*\/[^/*]/, 'regular expressions']]) {
    assert.doesNotMatch(bare, pattern, `the template's code uses ${what}`);
  }
});

test('sets the defaults as imported: every consent type denied but security_storage, with wait_for_update 500, and nothing else before a decision', () => {
  const { calls } = run(dataWith(), {});
  assert.deepEqual(calls, [
    ['setDefaultConsentState', { ...denied, security_storage: 'granted', wait_for_update: 500 }],
    ['gtmOnSuccess'],
  ]);
});

test('sets one default per row of regions, denying every consent type the row does not grant', () => {
  const { named } = run(
    dataWith({
      defaultSettings: [
        { region: '', granted: 'security_storage' },
        { region: 'US-CA, US-CO ,US-VA', granted: 'security_storage, analytics_storage,ad_storage' },
        { region: 'CH', granted: '' },
      ],
      waitForUpdate: '800',
      adsDataRedaction: true,
      urlPassthrough: true,
    }),
  );
  assert.deepEqual(named('setDefaultConsentState'), [
    [{ ...denied, security_storage: 'granted', wait_for_update: 800 }],
    [{ ...denied, security_storage: 'granted', analytics_storage: 'granted', ad_storage: 'granted', region: ['US-CA', 'US-CO', 'US-VA'], wait_for_update: 800 }],
    [{ ...denied, region: ['CH'], wait_for_update: 800 }],
  ]);
  assert.deepEqual(named('gtagSet'), [['ads_data_redaction', true], ['url_passthrough', true]]);
});

test('reports a name that is no consent type, leaves it out, and takes 500 for a wait it cannot use', () => {
  const { named } = run(dataWith({ defaultSettings: [{ region: 'DE', granted: 'security_storage, cookies' }], waitForUpdate: 'soon' }));
  assert.deepEqual(named('setDefaultConsentState'), [[{ ...denied, security_storage: 'granted', region: ['DE'], wait_for_update: 500 }]]);
  assert.deepEqual(named('logToConsole'), [['Assent: "cookies" in the defaults is not a consent type; it is ignored.']]);
});

test('never grants before a decision: without Assent, before it is ready, and in the opt-in regime without a decision', () => {
  for (const page of [{}, { assent: assentWith(null) }]) {
    const { named, dispatch } = run(dataWith(), page);
    dispatch('assent-ready');
    assert.deepEqual(named('updateConsentState'), []);
  }
});

test('updates from the shopper’s decision on every assent-change, also one made in another tab', () => {
  const page = { assent: assentWith(null) };
  const { named, dispatch, listeners } = run(dataWith(), page);
  assert.deepEqual(Object.keys(listeners).sort(), ['assent-change', 'assent-ready']);

  page.assent = assentWith(decision({ analytics: true, marketing: false }));
  dispatch('assent-change');
  page.assent = assentWith(decision({ analytics: true, marketing: true, functional: true, personalization: true }));
  dispatch('assent-change');
  page.assent = assentWith(decision({ analytics: false, marketing: false }));
  dispatch('assent-change');
  assert.deepEqual(named('updateConsentState'), [
    [{ ...denied, security_storage: 'granted', analytics_storage: 'granted' }],
    [Object.fromEntries(CONSENT_TYPES.map((type) => [type, 'granted']))],
    [{ ...denied, security_storage: 'granted' }],
  ]);
});

test('updates at once for a decision already in force (Assent ready before Tag Manager), and on assent-ready for one read later', () => {
  const early = run(dataWith(), { assent: assentWith(decision({ marketing: true })) });
  assert.deepEqual(early.named('updateConsentState'), [[{ ...denied, security_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }]]);
  assert.deepEqual(early.calls.map(([name]) => name), ['setDefaultConsentState', 'updateConsentState', 'gtmOnSuccess']);

  const page = { assent: assentWith(null) };
  const later = run(dataWith(), page);
  page.assent = assentWith(decision({ analytics: true }));
  later.dispatch('assent-ready');
  assert.deepEqual(later.named('updateConsentState'), [[{ ...denied, security_storage: 'granted', analytics_storage: 'granted' }]]);
});

test('in Assent’s opt-out regime, updates on assent-ready with the categories that run by default', () => {
  const page = { assent: assentWith(null) };
  const { named, dispatch } = run(dataWith(), page);
  page.assent = assentWith(null, { analytics: true, marketing: true }); // no decision; optional categories run
  dispatch('assent-ready');
  assert.deepEqual(named('updateConsentState'), [[{ ...denied, security_storage: 'granted', analytics_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }]]);
});

test('grants a consent type only when every category that lists it is granted', () => {
  const categoryMapping = [
    { category: 'necessary', consentTypes: 'security_storage' },
    { category: 'ads', consentTypes: 'ad_storage, ad_user_data' },
    { category: 'marketing', consentTypes: 'ad_storage' },
  ];
  const page = { assent: assentWith(decision({ ads: true, marketing: false })) };
  const { named, dispatch } = run(dataWith({ categoryMapping }), page);
  page.assent = assentWith(decision({ ads: true, marketing: true }));
  dispatch('assent-change');
  assert.deepEqual(named('updateConsentState'), [
    [{ ...denied, security_storage: 'granted', ad_user_data: 'granted' }],
    [{ ...denied, security_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted' }],
  ]);
});

test('loads Assent when given a URL its permission allows, and refuses one it does not', () => {
  const allowed = run(dataWith({ assentScriptUrl: 'https://shop.example/assent/assent.iife.js?v=3' }));
  assert.deepEqual(allowed.named('injectScript'), [['https://shop.example/assent/assent.iife.js?v=3', 'assent']]);
  assert.equal(allowed.named('gtmOnSuccess').length, 1);

  const refused = run(dataWith({ assentScriptUrl: 'https://cdn.elsewhere.example/assent.iife.js' }));
  assert.deepEqual(refused.named('injectScript'), []);
  assert.deepEqual(refused.named('gtmOnFailure'), [[]]);
  assert.deepEqual(refused.named('logToConsole'), [['Assent: this template may not load https://cdn.elsewhere.example/assent.iife.js; allow it in its "Injects scripts" permission.']]);
});
