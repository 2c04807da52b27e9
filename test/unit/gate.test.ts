import { expect } from '@open-wc/testing';
import { gateThirdParties } from '../../src/core/gate.js';
import { inNextTask } from '../../src/core/next-task.js';
import { createEmbedPlaceholder } from '../../src/ui/embed-placeholder.js';
import { configFrom, createTestManager } from '../helpers/manager.js';
import { freshIndexedDbStore } from '../helpers/stores.js';

// Scripts come from the test server's /gate-fixture/ (web-test-runner.config.mjs): real requests,
// real load and error events. Each one appends its name to window.gateLog when it runs.
declare global {
  interface Window {
    gateLog?: string[];
    gateModuleUrl?: string;
  }
}

const fixture = (name: string, query = '') => `/gate-fixture/${name}.js${query ? `?${query}` : ''}`;
const inline = (name: string, consent = 'analytics') =>
  `<script type="text/plain" data-consent="${consent}">(window.gateLog ||= []).push('${name}')</script>`;
const external = (name: string, { consent = 'analytics', query = '', extra = '' } = {}) =>
  `<script type="text/plain" data-consent="${consent}" src="${fixture(name, query)}" ${extra}></script>`;

const ran = () => window.gateLog ?? [];
const requestsTo = (name: string) => performance.getEntriesByType('resource').filter((entry) => entry.name.includes(`/gate-fixture/${name}.js`)).length;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 4000) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

const cleanups: Array<() => void> = [];

/** A page section with gated markup, watched by a gate on a real-IndexedDB manager. */
/** The gate releases and holds back in a task of its own after each change of the manager. */
const gateSwept = () => inNextTask(() => undefined);

async function gatedPage(
  markup: string,
  { attributes = 'categories="analytics marketing"', store = freshIndexedDbStore(), requireNonce = false, scriptTimeoutMs = 3000 } = {},
) {
  const { manager, warn } = createTestManager({ store, config: configFrom(attributes) });
  const section = document.createElement('section');
  section.innerHTML = markup;
  document.body.append(section);
  let reloads = 0;
  const stop = gateThirdParties(manager, {
    report: warn,
    requireNonce,
    scriptTimeoutMs,
    placeholder: createEmbedPlaceholder,
    reload: () => void reloads++,
  });
  cleanups.push(() => {
    stop();
    section.remove();
  });
  await manager.ready;
  await gateSwept();
  return { manager, warn, section, store, reloads: () => reloads };
}

describe('gate', () => {
  beforeEach(() => {
    window.gateLog = [];
    performance.clearResourceTimings();
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('runs and requests nothing before a decision, and nothing after Reject all', async () => {
    const { manager } = await gatedPage(`${external('before')}${inline('inline')}`);
    await pause(200);
    await manager.rejectAll();
    await pause(200);
    expect(ran()).to.deep.equal([]);
    expect(requestsTo('before')).to.equal(0);
  });

  it('runs gated scripts once, in document order, after Accept all: inline ones wait for the slow script before them', async () => {
    const { manager } = await gatedPage(`${external('first', { query: 'delay=250' })}${inline('second')}${external('third')}${inline('fourth')}`);
    await manager.acceptAll();
    await until(() => ran().length === 4, 'four scripts');
    expect(ran()).to.deep.equal(['first', 'second', 'third', 'fourth']);
  });

  it('fetches the scripts that wait their turn at once, as the browser’s preload scanner does, and each only once', async () => {
    const { manager } = await gatedPage(`${external('slow-head', { query: 'delay=300' })}${external('queued')}`);
    await manager.acceptAll();
    await until(() => ran().length === 2, 'both scripts');
    expect(ran()).to.deep.equal(['slow-head', 'queued']);
    const [head] = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('slow-head.js')) as PerformanceResourceTiming[];
    const queued = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('queued.js'));
    expect(queued).to.have.length(1);
    expect(queued[0]!.startTime).to.be.below(head!.responseEnd);
    expect(document.querySelectorAll('link[href*="/gate-fixture/"]')).to.have.length(0); // removed once run
  });

  it('starts fetching the scripts a decision allows in the task that made it, and runs them only in a later one', async () => {
    const { manager } = await gatedPage(
      `${external('ahead-analytics')}${external('ahead-async', { extra: 'async' })}${external('ahead-marketing', { consent: 'marketing' })}${inline('ahead-inline')}`,
    );
    void manager.update({ analytics: true, marketing: false });
    await null; // a microtask later, in the same task
    const fetching = [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][href*="/gate-fixture/ahead-"]')].map((link) => new URL(link.href).pathname);
    expect(fetching).to.deep.equal(['/gate-fixture/ahead-analytics.js', '/gate-fixture/ahead-async.js']);
    expect(ran()).to.deep.equal([]);
    await until(() => ran().length === 3, 'the allowed scripts');
    expect(ran()).to.have.members(['ahead-analytics', 'ahead-async', 'ahead-inline']);
    expect([requestsTo('ahead-analytics'), requestsTo('ahead-async'), requestsTo('ahead-marketing')]).to.deep.equal([1, 1, 0]);
    await until(() => document.querySelectorAll('link[href*="/gate-fixture/"]').length === 0, 'the links removed once their scripts ran');
  });

  it('drops what it fetched ahead when a later decision of the same task takes it back', async () => {
    const { manager } = await gatedPage(external('taken-back'));
    void manager.acceptAll();
    await null;
    expect(document.querySelectorAll('link[href*="/gate-fixture/taken-back"]')).to.have.length(1);
    void manager.rejectAll();
    await gateSwept();
    await pause(200);
    expect(ran()).to.deep.equal([]);
    expect(document.querySelectorAll('link[href*="/gate-fixture/"]')).to.have.length(0);
  });

  it('runs the scripts after one that fails to load (404)', async () => {
    const { manager } = await gatedPage(`${external('one')}${external('missing', { query: 'status=404' })}${inline('after-missing')}${external('last')}`);
    await manager.acceptAll();
    await until(() => ran().length === 3, 'three scripts');
    expect(ran()).to.deep.equal(['one', 'after-missing', 'last']);
  });

  it('stops waiting for a script that does not load in time, with a warning; the late one still runs when it arrives', async () => {
    const { manager, warn } = await gatedPage(`${external('dead', { query: 'delay=1200' })}${inline('after-dead')}`, { scriptTimeoutMs: 300 });
    await manager.acceptAll();
    await until(() => ran().includes('after-dead'), 'the script after the dead one');
    expect(ran()).to.deep.equal(['after-dead']);
    expect(warn.messages.some((message) => message.includes('did not load within 0.3 s'))).to.equal(true);
    await until(() => ran().includes('dead'), 'the late script');
  });

  it('runs an async script as soon as it loads, without waiting for the ones before it', async () => {
    const { manager } = await gatedPage(`${external('slow', { query: 'delay=400' })}${external('quick', { extra: 'async' })}${inline('after-slow')}`);
    await manager.acceptAll();
    await until(() => ran().length === 3, 'three scripts');
    expect(ran()).to.deep.equal(['quick', 'slow', 'after-slow']);
  });

  it('runs defer scripts after the ordered ones of the same batch, as the browser does', async () => {
    const { manager } = await gatedPage(`${external('sync-1', { query: 'delay=150' })}${external('deferred', { extra: 'defer' })}${external('sync-2')}`);
    await manager.acceptAll();
    await until(() => ran().length === 3, 'three scripts');
    expect(ran()).to.deep.equal(['sync-1', 'sync-2', 'deferred']);
  });

  it('runs data-type="module" as a module script', async () => {
    const { manager } = await gatedPage(external('module', { query: 'module', extra: 'data-type="module"' }));
    await manager.acceptAll();
    await until(() => ran().includes('module'), 'the module');
    expect(window.gateModuleUrl).to.contain('/gate-fixture/module.js');
    const script = document.querySelector<HTMLScriptElement>('script[src*="module.js"]')!;
    expect(script.type).to.equal('module');
  });

  it('carries nonce, integrity, crossorigin, referrerpolicy, id, class and data-* over to the script that runs', async () => {
    const { manager, section } = await gatedPage(
      external('attributes', { extra: 'id="vendor" class="tag" crossorigin="anonymous" referrerpolicy="no-referrer" integrity="sha256-x" data-vendor="acme" nonce="abc123"' }),
    );
    const inert = section.querySelector('script')!;
    await manager.acceptAll();
    await until(() => section.querySelector('script')?.type !== 'text/plain', 'the activated script');
    const script = section.querySelector('script')!;
    expect(script).not.to.equal(inert);
    expect(script.nonce).to.equal('abc123');
    expect(script.getAttribute('integrity')).to.equal('sha256-x');
    expect(script.getAttribute('crossorigin')).to.equal('anonymous');
    expect(script.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(script.id).to.equal('vendor');
    expect(script.className).to.equal('tag');
    expect(script.dataset['vendor']).to.equal('acme');
    expect(script.hasAttribute('type')).to.equal(false);
  });

  it('needs every category a script names', async () => {
    const { manager } = await gatedPage(`${inline('both', 'analytics marketing')}${inline('analytics-only')}`);
    await manager.update({ analytics: true });
    await until(() => ran().length === 1, 'one script');
    await pause(100);
    expect(ran()).to.deep.equal(['analytics-only']);
    await manager.update({ marketing: true });
    await until(() => ran().length === 2, 'both scripts');
    expect(ran()).to.deep.equal(['analytics-only', 'both']);
  });

  it('runs a script at most once, however often consent changes or the element moves', async () => {
    const { manager, section } = await gatedPage(`${inline('once')}${external('once-external')}`);
    await manager.acceptAll();
    await until(() => ran().length === 2, 'two scripts');
    await manager.rejectAll();
    await manager.acceptAll();
    section.append(...section.querySelectorAll('script'));
    await pause(200);
    expect(ran()).to.deep.equal(['once', 'once-external']);
    expect(requestsTo('once-external')).to.equal(1);
  });

  it('runs gated scripts added after the grant, several added together in their document order', async () => {
    const { manager, section } = await gatedPage('');
    await manager.acceptAll();
    const added = document.createElement('div');
    added.innerHTML = `${external('added-slow', { query: 'delay=200' })}${inline('added-inline')}${external('added-last')}`;
    section.append(added);
    await until(() => ran().length === 3, 'three added scripts');
    expect(ran()).to.deep.equal(['added-slow', 'added-inline', 'added-last']);
  });

  it('holds back scripts added before the decision until it comes', async () => {
    const { manager, section } = await gatedPage('');
    section.insertAdjacentHTML('beforeend', inline('early'));
    await pause(100);
    expect(ran()).to.deep.equal([]);
    await manager.update({ analytics: true });
    await until(() => ran().length === 1, 'the early script');
  });

  it('runs gated code at once in opt-out mode, and not after the shopper opted out', async () => {
    const store = freshIndexedDbStore();
    const first = await gatedPage(inline('opt-out-default'), { attributes: 'mode="opt-out" categories="analytics"', store });
    await until(() => ran().includes('opt-out-default'), 'the opt-out default');
    await first.manager.rejectAll();
    for (const cleanup of cleanups.splice(0)) cleanup();
    window.gateLog = [];
    await gatedPage(inline('after-opt-out'), { attributes: 'mode="opt-out" categories="analytics"', store });
    await pause(200);
    expect(ran()).to.deep.equal([]);
  });

  it('keeps elements with an unknown or empty category blocked, with a warning', async () => {
    const { manager, warn } = await gatedPage(`${inline('unknown', 'newsletter')}${inline('empty', '')}${inline('bad', 'Ads!')}`);
    await manager.acceptAll();
    await pause(200);
    expect(ran()).to.deep.equal([]);
    expect(warn.messages).to.include('<script data-consent="newsletter"> names the category "newsletter", which is not configured; it stays blocked.');
    const pattern = 'a lower-case letter, then lower-case letters, digits, _ or -: [a-z][a-z0-9_-]*';
    expect(warn.messages).to.include(`<script data-consent=""> names no valid category (names are ${pattern}); it stays blocked.`);
    expect(warn.messages).to.include(`<script data-consent="Ads!"> names no valid category (names are ${pattern}; did you mean data-consent="ads"?); it stays blocked.`);
  });

  it('warns about elements that name a category but cannot be held back', async () => {
    // Scripts put in with innerHTML never run, whatever their type: these only stand for the page's.
    const { warn } = await gatedPage('<script data-consent="analytics" type="text/javascript"></script><iframe data-consent="marketing" src="about:blank"></iframe>');
    expect(warn.messages).to.include('<script data-consent="analytics"> is not held back: it is not type="text/plain", so it runs before consent.');
    expect(warn.messages).to.include('<iframe data-consent="marketing" src="about:blank"> is not held back: it has src instead of data-src, so it loads before consent.');
  });

  it('says that a script of a type that never runs never runs, with the type that was meant', async () => {
    const { manager, warn } = await gatedPage(`<script type="text/plan" data-consent="analytics">(window.gateLog ||= []).push('plan')</script>`);
    await manager.acceptAll();
    await gateSwept();
    expect(ran()).to.deep.equal([]);
    expect(warn.messages).to.deep.equal([
      '<script data-consent="analytics"> never runs: its type="text/plan" is neither text/plain, which Assent runs once allowed, nor a type the browser runs (did you mean type="text/plain"?).',
    ]);
  });

  it('suggests what a mistyped held-back source or category was meant to be', async () => {
    const { warn } = await gatedPage('<iframe data-consent="marketing" data-scr="https://video.example/e/1" title="Film"></iframe>' + inline('typo', 'analytic'));
    expect(warn.messages).to.deep.equal([
      '<iframe data-consent="marketing"> is not held back: it has no data-src or data-srcset to hold back (did you mean data-src instead of data-scr?).',
      '<script data-consent="analytic"> names the category "analytic", which is not configured (did you mean "analytics"?); it stays blocked.',
    ]);
  });

  it('tells the page author about such an element once, however often it comes back', async () => {
    const { warn, section } = await gatedPage('<div><script data-consent="analytics" type="module"></script></div>');
    const holder = section.firstElementChild!;
    for (let round = 0; round < 3; round++) {
      holder.remove();
      section.append(holder);
      await gateSwept();
    }
    expect(warn.messages.filter((message) => message.includes('is not held back'))).to.have.length(1);
  });

  it('does not run a gated script without a nonce when Assent’s own script has one', async () => {
    const { manager, warn } = await gatedPage(`${inline('no-nonce')}<script type="text/plain" data-consent="analytics" nonce="n0nce">(window.gateLog ||= []).push('with-nonce')</script>`, {
      requireNonce: true,
    });
    await manager.acceptAll();
    await until(() => ran().length === 1, 'the script with a nonce');
    await pause(100);
    expect(ran()).to.deep.equal(['with-nonce']);
    expect(warn.messages.some((message) => message.includes('has no nonce; it is not run'))).to.equal(true);
  });

  it('ignores document.write from an activated script, with a warning, and never wipes the page', async () => {
    const { manager, warn, section } = await gatedPage(
      `<script type="text/plain" data-consent="analytics">document.write('<p id="written">wiped</p>'); (window.gateLog ||= []).push('inline-writer')</script>${external('external-writer', { query: 'write' })}`,
    );
    await manager.acceptAll();
    await until(() => ran().length === 2, 'both writers');
    expect(section.isConnected).to.equal(true);
    expect(document.getElementById('written')).to.equal(null);
    expect(warn.messages.filter((message) => message.includes('called document.write'))).to.have.length(2);
  });

  it('lets document.write calls that do not come from a gated script through', async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    cleanups.push(() => frame.remove());
    const doc = frame.contentDocument!;
    doc.body.innerHTML = `<script type="text/plain" data-consent="analytics">parent.gateLog.push('in-frame')</script>`;
    const { manager, warn } = createTestManager({ config: configFrom('categories="analytics"') });
    cleanups.push(gateThirdParties(manager, { report: warn, document: doc }));
    await manager.acceptAll();
    await until(() => ran().includes('in-frame'), 'the script in the frame');
    doc.open();
    doc.write('<p id="own">own</p>');
    doc.close();
    expect(doc.getElementById('own')?.textContent).to.equal('own');
    expect(warn.messages).to.deep.equal([]);
  });
});

describe('gate: iframes and media', () => {
  beforeEach(() => {
    window.gateLog = [];
    performance.clearResourceTimings();
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('shows a placeholder of the same box instead of a gated iframe, and loads the iframe on grant', async () => {
    const { manager, section } = await gatedPage(
      '<iframe data-consent="marketing" data-src="/gate-fixture/frame.js" title="Product video" width="480" height="270"></iframe>',
    );
    const placeholder = section.querySelector('assent-embed')!;
    expect(placeholder).to.exist;
    expect(section.querySelector('iframe')).to.equal(null);
    expect(placeholder.getAttribute('frame-title')).to.equal('Product video');
    expect(placeholder.getAttribute('categories')).to.equal('marketing');
    const held = placeholder.getBoundingClientRect();
    expect(requestsTo('frame')).to.equal(0);
    await manager.update({ marketing: true });
    await gateSwept();
    const frame = section.querySelector('iframe')!;
    expect(frame.getAttribute('src')).to.equal('/gate-fixture/frame.js');
    expect(section.querySelector('assent-embed')).to.equal(null);
    const loaded = frame.getBoundingClientRect();
    expect([loaded.width, loaded.height]).to.deep.equal([held.width, held.height]);
  });

  it('keeps the box of an iframe sized by the shop’s class', async () => {
    const style = document.createElement('style');
    style.textContent = '.wide-video { display: block; width: 400px; height: 225px; border: 0; }';
    document.head.append(style);
    cleanups.push(() => style.remove());
    const { manager, section } = await gatedPage('<iframe class="wide-video" data-consent="marketing" data-src="/gate-fixture/frame.js" title="Video"></iframe>');
    const held = section.querySelector('assent-embed')!.getBoundingClientRect();
    await manager.acceptAll();
    await gateSwept();
    const loaded = section.querySelector('iframe')!.getBoundingClientRect();
    expect([held.width, held.height, held.x, held.y]).to.deep.equal([loaded.width, loaded.height, loaded.x, loaded.y]);
  });

  it('keeps the box of an iframe sized by its style attribute', async () => {
    const { manager, section } = await gatedPage('<iframe style="width: 321px; height: 123px" data-consent="marketing" data-src="/gate-fixture/frame.js" title="Map"></iframe>');
    const held = section.querySelector('assent-embed')!.getBoundingClientRect();
    await manager.acceptAll();
    await gateSwept();
    const loaded = section.querySelector('iframe')!.getBoundingClientRect();
    expect([held.width, held.height]).to.deep.equal([loaded.width, loaded.height]);
    expect(loaded.width).to.equal(325); // 321 + the iframe's default 2px borders
  });

  it('never loads an unsafe data-src', async () => {
    const { manager, section, warn } = await gatedPage('<iframe data-consent="marketing" data-src="javascript:alert(1)" title="x"></iframe>');
    await manager.acceptAll();
    expect(section.querySelector('iframe')!.hasAttribute('src')).to.equal(false);
    expect(warn.messages.some((message) => message.includes('is not an http(s) or relative URL'))).to.equal(true);
  });

  it('fetches gated images and video sources only after the grant', async () => {
    const { manager, section } = await gatedPage(`
      <img data-consent="marketing" data-src="/gate-fixture/pixel.js?img" data-srcset="/gate-fixture/pixel2x.js 2x" alt="">
      <video data-consent="marketing"><source data-src="/gate-fixture/clip.js" type="video/mp4"></video>`);
    await pause(150);
    expect(requestsTo('pixel') + requestsTo('pixel2x') + requestsTo('clip')).to.equal(0);
    await manager.acceptAll();
    expect(section.querySelector('img')!.getAttribute('src')).to.equal('/gate-fixture/pixel.js?img');
    expect(section.querySelector('img')!.getAttribute('srcset')).to.equal('/gate-fixture/pixel2x.js 2x');
    expect(section.querySelector('source')!.getAttribute('src')).to.equal('/gate-fixture/clip.js');
    await until(() => requestsTo('clip') > 0, 'the video source request');
  });
  it('renders an iframe’s data-srcdoc only after the grant, in its placeholder’s place', async () => {
    const { manager, section, warn } = await gatedPage(
      `<iframe data-consent="marketing" data-srcdoc="<script>parent.gateLog.push('srcdoc')</script>" title="Reviews"></iframe>`,
    );
    expect(section.querySelector('assent-embed')).to.exist;
    await pause(150);
    expect(ran()).to.deep.equal([]);
    await manager.update({ marketing: true });
    await gateSwept();
    const frame = section.querySelector('iframe')!;
    expect(frame.getAttribute('srcdoc')).to.equal(`<script>parent.gateLog.push('srcdoc')</script>`);
    await until(() => ran().includes('srcdoc'), 'the srcdoc’s script');
    expect(warn.messages).to.deep.equal([]);
  });

  it('takes a plain srcdoc away from a gated iframe with a warning, so its data-src is what loads after the grant', async () => {
    const { manager, section, warn } = await gatedPage(
      `<iframe data-consent="marketing" data-src="/gate-fixture/frame.js" srcdoc="<script>parent.gateLog.push('plain-srcdoc')</script>" title="Video"></iframe>`,
    );
    expect(warn.messages).to.include(
      '<iframe data-consent="marketing" src="/gate-fixture/frame.js"> has srcdoc, which the browser loads before consent: write data-srcdoc instead. Assent took it away; data-src loads once allowed.',
    );
    await manager.update({ marketing: true });
    await gateSwept();
    const frame = section.querySelector('iframe')!;
    expect(frame.hasAttribute('srcdoc')).to.equal(false);
    expect(frame.hasAttribute('data-srcdoc')).to.equal(false);
    await until(() => frame.contentWindow?.location.pathname === '/gate-fixture/frame.js', 'the data-src document');
    await pause(100);
    expect(ran()).not.to.include('plain-srcdoc');
  });

  it('holds a plain srcdoc back as data-srcdoc when the iframe has nothing else to load, with a warning', async () => {
    const { manager, section, warn } = await gatedPage(`<iframe data-consent="marketing" srcdoc="<script>parent.gateLog.push('moved-srcdoc')</script>" title="Widget"></iframe>`);
    expect(warn.messages).to.include(
      '<iframe data-consent="marketing"> has srcdoc, which the browser loads before consent: write data-srcdoc instead. Assent took it away; data-srcdoc loads once allowed.',
    );
    expect(section.querySelector('assent-embed')).to.exist;
    await manager.update({ marketing: true });
    await gateSwept();
    expect(section.querySelector('iframe')!.getAttribute('srcdoc')).to.equal(`<script>parent.gateLog.push('moved-srcdoc')</script>`);
    await until(() => ran().includes('moved-srcdoc'), 'the srcdoc’s script after the grant');
  });

  it('fetches a gated video’s data-poster only after the grant, and never an unsafe one', async () => {
    const { manager, section, warn } = await gatedPage(`
      <video data-consent="marketing" data-poster="/gate-fixture/poster.js"></video>
      <video data-consent="marketing" data-poster="javascript:alert(1)"></video>`);
    const [video, unsafe] = section.querySelectorAll('video');
    await pause(150);
    expect(requestsTo('poster')).to.equal(0);
    expect(video!.hasAttribute('poster')).to.equal(false);
    await manager.acceptAll();
    await gateSwept();
    expect(video!.getAttribute('poster')).to.equal('/gate-fixture/poster.js');
    await until(() => requestsTo('poster') > 0, 'the poster request');
    expect(unsafe!.hasAttribute('poster')).to.equal(false);
    expect(warn.messages.some((message) => message.includes('data-poster="javascript:alert(1)" is not an http(s) or relative URL'))).to.equal(true);
  });

  it('holds a plain poster on a gated video back as data-poster, with a warning', async () => {
    const { manager, section, warn } = await gatedPage('<video data-consent="marketing" poster="/gate-fixture/plain-poster.js"></video>');
    const video = section.querySelector('video')!;
    expect(warn.messages).to.include(
      '<video data-consent="marketing"> has poster, which the browser loads before consent: write data-poster instead. Assent took it away; data-poster loads once allowed.',
    );
    expect(video.hasAttribute('poster')).to.equal(false);
    await manager.acceptAll();
    await gateSwept();
    expect(video.getAttribute('poster')).to.equal('/gate-fixture/plain-poster.js');
  });

  it('fetches a gated audio’s sources and a gated picture’s srcset only after the grant', async () => {
    const { manager, section } = await gatedPage(`
      <audio data-consent="marketing"><source data-src="/gate-fixture/sound.js" type="audio/mpeg"></audio>
      <picture data-consent="marketing">
        <source data-srcset="/gate-fixture/wide.js" media="(min-width: 1px)">
        <img data-consent="marketing" data-src="/gate-fixture/narrow.js" alt="">
      </picture>`);
    await pause(150);
    expect(requestsTo('sound') + requestsTo('wide') + requestsTo('narrow')).to.equal(0);
    await manager.acceptAll();
    await gateSwept();
    expect(section.querySelector('audio source')!.getAttribute('src')).to.equal('/gate-fixture/sound.js');
    expect(section.querySelector('picture source')!.getAttribute('srcset')).to.equal('/gate-fixture/wide.js');
    await until(() => requestsTo('sound') > 0, 'the audio source request');
    await until(() => requestsTo('wide') > 0, 'the picture’s source, chosen over the <img>');
  });
});

describe('gate: withdrawal', () => {
  beforeEach(() => {
    window.gateLog = [];
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    for (const name of ['_fbp', '_gcl_au', 'keep']) document.cookie = `${name}=; max-age=0; path=/`;
    localStorage.clear();
    sessionStorage.clear();
  });

  const marketing = 'categories="analytics"><assent-category name="marketing" cookies="_fbp _gcl_*"></assent-category';

  it('deletes the category’s cookies and storage keys, and reloads once its code ran, after the decision is stored', async () => {
    const { manager, reloads, store } = await gatedPage(inline('pixel', 'marketing'), { attributes: marketing });
    await manager.acceptAll();
    await until(() => ran().includes('pixel'), 'the marketing script');
    document.cookie = '_fbp=fb.1; path=/';
    document.cookie = '_gcl_au=1.1; path=/';
    document.cookie = 'keep=1; path=/';
    localStorage.setItem('_gcl_ls', 'x');
    sessionStorage.setItem('_fbp', 'x');
    localStorage.setItem('cart', 'kept');
    await manager.update({ marketing: false });
    expect(document.cookie).not.to.match(/_fbp|_gcl_au/);
    expect(document.cookie).to.contain('keep=1');
    expect(localStorage.getItem('_gcl_ls')).to.equal(null);
    expect(sessionStorage.getItem('_fbp')).to.equal(null);
    expect(localStorage.getItem('cart')).to.equal('kept');
    await until(() => reloads() === 1, 'the reload');
    expect(((await store.load()) as { decisions?: unknown } | undefined)?.decisions).to.include({ marketing: false });
  });

  it('does not reload when nothing of the withdrawn category ran, or when reload-on-withdraw="false"', async () => {
    const quiet = await gatedPage(inline('analytics-only'), { attributes: marketing });
    await quiet.manager.acceptAll();
    await quiet.manager.update({ marketing: false });
    await pause(100);
    expect(quiet.reloads()).to.equal(0);
    for (const cleanup of cleanups.splice(0)) cleanup();

    const noReload = await gatedPage(inline('pixel', 'marketing'), { attributes: `reload-on-withdraw="false" ${marketing}` });
    await noReload.manager.acceptAll();
    await until(() => ran().includes('pixel'), 'the marketing script');
    await noReload.manager.withdraw();
    await pause(100);
    expect(noReload.reloads()).to.equal(0);
  });

  it('holds a loaded iframe back again when its category is withdrawn', async () => {
    const { manager, section } = await gatedPage('<iframe data-consent="marketing" data-src="/gate-fixture/frame.js" title="Video"></iframe>', { attributes: marketing });
    await manager.acceptAll();
    expect(section.querySelector('iframe')!.getAttribute('src')).to.equal('/gate-fixture/frame.js');
    await manager.withdraw();
    expect(section.querySelector('iframe')).to.equal(null);
    expect(section.querySelector('assent-embed')).to.exist;
  });

  it('holds an iframe’s srcdoc back again when its category is withdrawn, and renders it again on a new grant', async () => {
    const srcdoc = `<script>parent.gateLog.push('widget')</script>`;
    const { manager, section } = await gatedPage(`<iframe data-consent="marketing" data-srcdoc="${srcdoc}" title="Widget"></iframe>`, { attributes: marketing });
    await manager.acceptAll();
    const frame = section.querySelector('iframe')!;
    await until(() => ran().includes('widget'), 'the widget');
    await manager.withdraw();
    expect(frame.hasAttribute('srcdoc')).to.equal(false);
    expect(section.querySelector('iframe')).to.equal(null);
    expect(section.querySelector('assent-embed')).to.exist;
    await manager.acceptAll();
    await gateSwept();
    expect(section.querySelector('iframe')!.getAttribute('srcdoc')).to.equal(srcdoc);
    await until(() => ran().filter((name) => name === 'widget').length === 2, 'the widget rendered again');
  });
});
