// The goal ratios: Assent's medians against the best peer's of the same run. Pure functions over
// made-up runs; no browser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assentRatios, consoleRatios, markdownRatios, systemMedians } from './report.mjs';

const SYSTEMS = [
  { name: 'Assent', kind: 'assent' },
  { name: 'Assent head part', kind: 'assent' },
  { name: 'vanilla-cookieconsent', kind: 'peer' },
  { name: 'Klaro', kind: 'peer' },
  { name: 'Osano cookieconsent', kind: 'peer', note: 'does not gate by itself' },
];

/** Runs of every system from per-metric value lists: { system: { key: [v1, v2, …] } }. */
function runsOf(valuesBySystem) {
  const results = new Map();
  for (const [name, byKey] of Object.entries(valuesBySystem)) {
    const count = Math.max(...Object.values(byKey).map((values) => values.length));
    results.set(
      name,
      Array.from({ length: count }, (_, index) => ({
        metrics: Object.fromEntries(Object.entries(byKey).map(([key, values]) => [key, values[index]]).filter(([, value]) => value !== undefined)),
        problems: [],
      })),
    );
  }
  return results;
}

const RESULTS = runsOf({
  Assent: { returnToScripts: [300, 280, 320], clickToScripts: [80, 90, 70], bannerVisible: [900, 880, 910], toolBytes: [30000, 30000, 30000] },
  'Assent head part': { returnToScripts: [200, 190, 210], clickToScripts: [60, 50], bannerVisible: [845, 840, 850], toolBytes: [31000, 31000, 31000] },
  'vanilla-cookieconsent': { returnToScripts: [250, 240, 260], clickToScripts: [100, 110, 105], bannerVisible: [860, 870, 850], toolBytes: [16000, 16000, 16000] },
  Klaro: { returnToScripts: [350, 340, 360], clickToScripts: [64, 66, 65], bannerVisible: [1100, 1150, 1200], toolBytes: [68000, 68000, 68000] },
  'Osano cookieconsent': { returnToScripts: [270, 260, 280], clickToScripts: [61, 60, 62], bannerVisible: [840, 850, 845], toolBytes: [8000, 8000, 8000] },
});

const rowOf = (rows, key, assent = 'Assent') => rows.find((row) => row.key === key && row.assent === assent);

describe('systemMedians', () => {
  it('takes each system\'s median of each metric over the runs that measured it', () => {
    const medians = systemMedians(SYSTEMS, RESULTS);
    assert.equal(medians.get('Assent').returnToScripts, 300);
    assert.equal(medians.get('Assent head part').clickToScripts, 55, 'the mean of the middle two of an even count');
    assert.equal(medians.get('Klaro').bannerVisible, 1150);
    assert.equal(medians.get('vanilla-cookieconsent').toolBytes, 16000);
  });
});

describe('assentRatios', () => {
  const rows = assentRatios(SYSTEMS, systemMedians(SYSTEMS, RESULTS));

  it('holds revisit → scripts against the peer with the lowest median, with both medians and the ratio', () => {
    const row = rowOf(rows, 'returnToScripts');
    assert.equal(row.peer, 'vanilla-cookieconsent');
    assert.equal(row.assentMedian, 300);
    assert.equal(row.peerMedian, 250);
    assert.equal(row.ratio, 1.2);
    assert.equal(row.goal, 1.0);
    assert.equal(row.aim, 0.8);
    assert.equal(row.met, false);
    assert.equal(row.aimMet, false);
  });

  it('marks a goal met at or under the ratio, and the aim separately', () => {
    const row = rowOf(rows, 'returnToScripts', 'Assent head part');
    assert.equal(row.ratio, 200 / 250);
    assert.equal(row.met, true);
    assert.equal(row.aimMet, true, '0.8 is at the aim, not over it');
    const even = rowOf(rows, 'bannerVisible', 'Assent head part');
    assert.equal(even.ratio, 1);
    assert.equal(even.met, true, '1.00× is at the goal, not over it');
  });

  it('never takes an Assent variant as the best peer, even when it is the fastest', () => {
    const row = rowOf(rows, 'clickToScripts', 'Assent head part');
    assert.equal(row.peer, 'Osano cookieconsent');
    assert.equal(row.peerNote, true);
    assert.equal(row.peerMedian, 61);
    assert.equal(row.ratio, 55 / 61);
    assert.equal(row.met, true);
    assert.equal(rowOf(rows, 'clickToScripts').ratio, 80 / 61);
    assert.equal(rowOf(rows, 'clickToScripts').met, false);
    assert.equal(row.aim, null);
    assert.equal(row.aimMet, null);
  });

  it('holds first-visit bytes against vanilla-cookieconsent, not the smallest peer', () => {
    const row = rowOf(rows, 'toolBytes');
    assert.equal(row.peer, 'vanilla-cookieconsent');
    assert.equal(row.peerMedian, 16000);
    assert.equal(row.ratio, 30000 / 16000);
    assert.equal(row.goal, 1.3);
    assert.equal(row.met, false);
  });

  it('gives one row per goal and Assent variant, in the goals\' order', () => {
    assert.deepEqual(
      rows.map((row) => `${row.key}/${row.assent}`),
      ['returnToScripts', 'clickToScripts', 'bannerVisible', 'toolBytes'].flatMap((key) => [`${key}/Assent`, `${key}/Assent head part`]),
    );
    assert.equal(rowOf(rows, 'bannerVisible').peer, 'Osano cookieconsent');
    assert.equal(rowOf(rows, 'bannerVisible').ratio, 900 / 845);
  });

  it('has no ratio, and does not count the goal as met, when a median is missing or the peer\'s is 0', () => {
    const medians = new Map([
      ['Assent', { returnToScripts: 100, clickToScripts: 50 }],
      ['vanilla-cookieconsent', { returnToScripts: 0 }],
    ]);
    const systems = [SYSTEMS[0], SYSTEMS[2]];
    const sparse = assentRatios(systems, medians);
    for (const row of sparse) {
      assert.equal(row.ratio, null, row.key);
      assert.equal(row.met, false, row.key);
    }
    assert.equal(rowOf(sparse, 'clickToScripts').peer, null, 'no peer measured it');
    assert.equal(rowOf(sparse, 'toolBytes').peer, 'vanilla-cookieconsent', 'the named peer, even without a median');
  });
});

describe('the ratio tables', () => {
  const rows = assentRatios(SYSTEMS, systemMedians(SYSTEMS, RESULTS));

  it('shows the medians in each metric\'s unit, the ratio, the goal and the mark', () => {
    const text = consoleRatios(rows);
    assert.match(text, /revisit → scripts\s+Assent\s+300 ms\s+vanilla-cookieconsent\s+250 ms\s+1\.20×\s+1\.00× \(aim 0\.80×\)\s+NOT met, aim not met/);
    assert.match(text, /click → scripts\s+Assent head part\s+55 ms\s+Osano cookieconsent †\s+61 ms\s+0\.90×\s+1\.00×\s+met/);
    assert.match(text, /first-visit bytes\s+Assent\s+29\.3 KB\s+vanilla-cookieconsent\s+15\.6 KB\s+1\.88×\s+1\.30×\s+NOT met/);
  });

  it('writes one Markdown row per ratio under its header', () => {
    const lines = markdownRatios(rows).split('\n');
    assert.equal(lines.filter((line) => line.startsWith('| ') && !line.startsWith('| goal')).length, rows.length);
    assert.ok(lines.includes('| time to banner visible | Assent | 900 ms | Osano cookieconsent † | 845 ms | 1.07× | 1.00× | NOT met |'));
  });
});
