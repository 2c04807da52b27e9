import { expect } from '@open-wc/testing';
import { readConfig } from '../../src/core/config.js';
import { closest, editDistance } from '../../src/core/edit-distance.js';
import { lintConfiguration, lintPage, lintScriptOrder } from '../../src/core/lint.js';
import { createProblemReport } from '../../src/core/problem-report.js';
import { describeProblem } from '../../src/core/problem-texts.js';
import { createWarn } from '../../src/core/warn.js';
import { defineElements } from '../../src/ui/define.js';

// The page's own checks, wired as page.ts wires them: problems go through the report, whose texts
// are loaded on the first one, and each line is written once however often the page is checked.

defineElements(); // as the main script does before it looks the page over

const PATTERN = 'a lower-case letter, then lower-case letters, digits, _ or -: [a-z][a-z0-9_-]*';
const ASSENT_FIRST = '<script src="/assent/assent-head.js" data-google-consent-mode></script>';
const HOST_ATTRIBUTES = 'policy-version="2026-11" categories="analytics marketing" privacy-url="/privacy"';

/** A page the checks run on: parsed by the browser, not this test's document. */
function parsedPage({ head = ASSENT_FIRST, host = `<assent-consent ${HOST_ATTRIBUTES}></assent-consent>`, body = '' } = {}): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><head>${head}</head><body>${body}${host}</body></html>`, 'text/html');
}

/** Runs every check twice, as a page that reads its configuration again would; the lines written and the texts' loads. */
async function checkedTwice(doc: Document) {
  const lines: string[] = [];
  let loads = 0;
  const warn = createWarn((line) => lines.push(line));
  const problems = createProblemReport(warn, async () => {
    loads++;
    problems.describeWith(describeProblem);
  });
  for (let round = 0; round < 2; round++) {
    const host = doc.querySelector('assent-consent');
    if (host) lintConfiguration(host, readConfig(host, problems.report), problems.report);
    lintPage(doc, problems.report);
    const tag = doc.querySelector('script[data-google-consent-mode]');
    if (tag) lintScriptOrder(tag, problems.report);
  }
  await problems.settled();
  return { lines, loads };
}

describe('configuration lint', () => {
  it('says nothing about a correct page, and never loads the warnings’ texts', async () => {
    const { lines, loads } = await checkedTwice(
      parsedPage({
        head: `${ASSENT_FIRST}<script type="application/ld+json">{}</script><script type="text/plain" data-consent="analytics" src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>`,
        host: `<assent-consent ${HOST_ATTRIBUTES} id="consent" class="x" data-shop="1" aria-hidden="false" debug>
                 <assent-category name="reviews" label="Reviews" cookies="_rv"></assent-category>
                 <span slot="title">Cookies</span>
               </assent-consent>`,
        body: `<a href="#" data-assent-open>Cookie settings</a><assent-opt-out-link></assent-opt-out-link><assent-cookie-table></assent-cookie-table>
               <article data-name="Jacket" data-category="outerwear"><img src="/jacket.png" data-id="7" alt=""></article>
               <iframe data-consent="marketing" data-src="https://video.example/e/1" title="Film"></iframe>
               <script type="text/plain" data-consent="marketing" src="https://vendor.example/pixel.js"></script>
               <img data-consent="marketing" data-src="https://vendor.example/p.gif" alt="">`,
      }),
    );
    expect(lines).to.deep.equal([]);
    expect(loads).to.equal(0);
  });

  it('says nothing about vendor signals on Assent’s script, <assent-consent> and <assent-category>', async () => {
    const { lines, loads } = await checkedTwice(
      parsedPage({
        head: '<script src="/assent/assent-head.js" data-google-consent-mode data-signals="uet clarity meta tiktok"></script>',
        host: `<assent-consent ${HOST_ATTRIBUTES} signals="uet clarity">
                 <assent-category name="marketing" signals="uet clarity-ads"></assent-category>
                 <assent-category name="ads" label="Ads" signals=""></assent-category>
               </assent-consent>`,
      }),
    );
    expect(lines).to.deep.equal([]);
    expect(loads).to.equal(0);
  });

  const cases: Array<[string, Parameters<typeof parsedPage>[0], string]> = [
    [
      'data-consnet on a script',
      { body: '<script type="text/plain" data-consnet="analytics" src="https://vendor.example/tag.js"></script>' },
      '<script data-consnet="analytics" src="https://vendor.example/tag.js"> has data-consnet, which Assent does not read (did you mean data-consent?). As it is, it never runs.',
    ],
    [
      'another tool’s data-category on a script',
      { body: '<script type="text/plain" data-category="analytics" src="https://vendor.example/tag.js"></script>' },
      '<script data-category="analytics" src="https://vendor.example/tag.js"> has data-category, which another consent tool uses; Assent reads data-consent="analytics" (docs/gating.md). As it is, it never runs.',
    ],
    [
      'data-content on an iframe that loads',
      { body: '<iframe data-content="marketing" src="https://video.example/e/1" title="Film"></iframe>' },
      '<iframe data-content="marketing" src="https://video.example/e/1"> has data-content, which Assent does not read (did you mean data-consent?). As it is, it loads before consent.',
    ],
    [
      'polciy-version',
      { host: '<assent-consent polciy-version="2026-11" categories="analytics" privacy-url="/privacy"></assent-consent>' },
      '<assent-consent polciy-version="2026-11"> is not an attribute of <assent-consent> (did you mean policy-version?); it is ignored.',
    ],
    [
      'privacy-link, which also leaves the banner without a privacy-url',
      { host: '<assent-consent policy-version="3" categories="analytics" privacy-link="/privacy"></assent-consent>' },
      '<assent-consent privacy-link="/privacy"> is not an attribute of <assent-consent> (did you mean privacy-url?); it is ignored.',
    ],
    [
      'an attribute like no other of <assent-category>',
      { host: `<assent-consent ${HOST_ATTRIBUTES}><assent-category name="analytics" lable="Statistics"></assent-category></assent-consent>` },
      '<assent-category name="analytics" lable="Statistics"> is not an attribute of <assent-category> (did you mean label?); it is ignored.',
    ],
    [
      'gmc for gcm on a category that keeps its built-in signals',
      { host: `<assent-consent ${HOST_ATTRIBUTES}><assent-category name="marketing" gmc="ad_storage"></assent-category></assent-consent>` },
      '<assent-category name="marketing" gmc="ad_storage"> is not an attribute of <assent-category> (did you mean gcm?); it is ignored.',
    ],
    [
      'signal for signals on a category that keeps its built-in vendor signals',
      { host: `<assent-consent ${HOST_ATTRIBUTES}><assent-category name="marketing" signal="uet"></assent-category></assent-consent>` },
      '<assent-category name="marketing" signal="uet"> is not an attribute of <assent-category> (did you mean signals?); it is ignored.',
    ],
    [
      'a mistyped vendor in signals',
      { host: `<assent-consent ${HOST_ATTRIBUTES} signals="uet tiktk"></assent-consent>` },
      '<assent-consent signals="tiktk"> is not a valid vendor (did you mean tiktok?); it is ignored.',
    ],
    [
      'a vendor named twice in signals',
      { host: `<assent-consent ${HOST_ATTRIBUTES} signals="meta meta"></assent-consent>` },
      '<assent-consent signals="meta"> is listed twice; it is used once.',
    ],
    [
      'Clarity without its purpose on a category',
      { host: `<assent-consent ${HOST_ATTRIBUTES}><assent-category name="analytics" signals="clarity"></assent-category></assent-consent>` },
      '<assent-category name="analytics" signals="clarity"> is not a valid vendor signal (did you mean clarity-analytics or clarity-ads?); it is ignored.',
    ],
    [
      'a vendor signal in capitals',
      { host: `<assent-consent ${HOST_ATTRIBUTES}><assent-category name="marketing" signals="UET"></assent-category></assent-consent>` },
      '<assent-category name="marketing" signals="UET"> is not a valid vendor signal (did you mean uet?); it is ignored.',
    ],
    [
      '<assent-categroy>',
      { host: `<assent-consent ${HOST_ATTRIBUTES}><assent-categroy name="analytics" cookies="_ga"></assent-categroy></assent-consent>` },
      '<assent-categroy name="analytics" cookies="_ga"> is not an Assent element (did you mean <assent-category>?); it does nothing.',
    ],
    [
      '<assent-cookie-tabel>',
      { body: '<assent-cookie-tabel></assent-cookie-tabel>' },
      '<assent-cookie-tabel> is not an Assent element (did you mean <assent-cookie-table>?); it does nothing.',
    ],
    [
      'data-assent-opne',
      { body: '<a href="#" data-assent-opne>Cookie settings</a>' },
      '<a href="#" data-assent-opne> has data-assent-opne, which Assent does not read (did you mean data-assent-open?); a click on it does not open the preference center.',
    ],
    [
      'nmae= on <assent-category>',
      { host: `<assent-consent ${HOST_ATTRIBUTES}><assent-category nmae="analytics" label="Statistics"></assent-category></assent-consent>` },
      `<assent-category nmae="analytics" label="Statistics"> has no name, which is required (${PATTERN}; did you mean name="analytics" instead of nmae=…?); the category is ignored.`,
    ],
    [
      'a category name with a space',
      { host: `<assent-consent ${HOST_ATTRIBUTES}><assent-category name="Web analytics" label="Web analytics"></assent-category></assent-consent>` },
      `<assent-category name="Web analytics"> is not a valid category name (${PATTERN}; did you mean "web-analytics"?); the category is ignored.`,
    ],
    [
      'a bad name in the categories shorthand',
      { host: '<assent-consent policy-version="3" categories="analytics Live_Chat" privacy-url="/privacy"></assent-consent>' },
      `<assent-consent categories="Live_Chat"> is not a valid category name (${PATTERN}; did you mean "live_chat"?); it is ignored.`,
    ],
    [
      'a mistyped value of an attribute with a few choices',
      { host: '<assent-consent policy-version="3" categories="analytics" privacy-url="/privacy" mode="opt_out"></assent-consent>' },
      '<assent-consent mode="opt_out"> is invalid (expected one of opt-in, opt-out, auto; did you mean opt-out?); using "opt-in".',
    ],
    [
      'a Consent Mode signal by its category’s name',
      { host: `<assent-consent ${HOST_ATTRIBUTES}><assent-category name="analytics" gcm="analytics"></assent-category></assent-consent>` },
      '<assent-category name="analytics" gcm="analytics"> is not a valid Consent Mode signal (did you mean analytics_storage?); it is ignored.',
    ],
    [
      'a missing privacy-url',
      { host: '<assent-consent policy-version="3" categories="analytics"></assent-consent>' },
      '<assent-consent> has no privacy-url, so the banner and the preference center link to no privacy policy: add privacy-url="…" with its address.',
    ],
    [
      'a category without a label of its own or a built-in one',
      { host: `<assent-consent ${HOST_ATTRIBUTES}><assent-category name="reviews" cookies="_rv"></assent-category></assent-consent>` },
      'the category "reviews" has no label, so the preference center shows its name, in every language: add label="…" (and description="…") to <assent-category name="reviews">.',
    ],
    [
      'Assent’s Consent Mode tag after a script that runs',
      { head: `<script src="https://www.googletagmanager.com/gtm.js?id=GTM-X"></script><script type="text/plain" data-consent="analytics">x()</script>${ASSENT_FIRST}` },
      '<script src="https://www.googletagmanager.com/gtm.js?id=GTM-X"> runs before Assent\'s <script data-google-consent-mode>, so a Google tag may read Consent Mode before its default is set: put Assent\'s script first in <head>.',
    ],
  ];
  for (const [mistake, page, warning] of cases) {
    it(`warns once about ${mistake}, with what to write instead`, async () => {
      const { lines, loads } = await checkedTwice(parsedPage(page));
      expect(lines).to.deep.equal([`[assent] ${warning}`]);
      expect(loads).to.equal(1);
    });
  }

  it('names every script that runs before Assent’s Consent Mode tag in one warning', async () => {
    const { lines } = await checkedTwice(parsedPage({ head: `<script>window.dataLayer = [];</script><script src="https://cdn.example/gtm.js"></script>${ASSENT_FIRST}` }));
    expect(lines).to.deep.equal([
      '[assent] an inline <script> and <script src="https://cdn.example/gtm.js"> run before Assent\'s <script data-google-consent-mode>, so a Google tag may read Consent Mode before its default is set: put Assent\'s script first in <head>.',
    ]);
  });

  it('still names each problem when the warnings’ texts cannot load', async () => {
    const lines: string[] = [];
    const problems = createProblemReport(createWarn((line) => lines.push(line)), () => Promise.reject(new Error('assent-warnings.js did not load')));
    lintPage(parsedPage({ body: '<a data-assent-opne>x</a>' }), problems.report);
    await problems.settled();
    expect(lines).to.deep.equal([
      '[assent] could not load the texts of configuration warnings (assent-warnings.js did not load).',
      '[assent] <a>: unknown-data-attribute data-assent-opne',
    ]);
  });
});

describe('edit distance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('consnet', 'consent')).to.equal(1);
    expect(editDistance('opne', 'open')).to.equal(1);
    expect(editDistance('kitten', 'sitting')).to.equal(3);
    expect(editDistance('', 'abc')).to.equal(3);
  });

  it('suggests the nearest known name, or one that starts the same, and nothing far off', () => {
    const known = ['policy-version', 'privacy-url', 'max-age-days', 'categories'];
    expect(closest('polciy-version', known)).to.equal('policy-version');
    expect(closest('privacy-link', known)).to.equal('privacy-url');
    expect(closest('category', known)).to.equal('categories');
    expect(closest('color', known)).to.equal(undefined);
    expect(closest('categories', known)).to.equal(undefined);
  });
});
