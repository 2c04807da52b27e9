import { expect } from '@open-wc/testing';
import { decodeCopy, encodeCopy, sameCategories, supersedes } from '../../src/core/decision-copy.js';
import type { ConsentState } from '../../src/core/types.js';
import { configFrom } from '../helpers/manager.js';

const NOW = Date.parse('2026-11-28T12:00:00.000Z');

const RECORD: ConsentState = Object.freeze({
  id: '0b8a4c1e-5f3d-4a2b-9c8d-7e6f5a4b3c2d',
  revision: 3,
  timestamp: '2026-11-28T11:00:00.000Z',
  expiresAt: '2027-05-27T11:00:00.000Z',
  policyVersion: '2026.11 | "Winter" ✓',
  decisions: Object.freeze({ necessary: true, analytics: true, marketing: false }),
  method: 'custom',
  gpc: true,
});

describe('the decision copy', () => {
  it('decodes what it encoded, field for field', () => {
    const copy = encodeCopy(RECORD);
    expect(decodeCopy(copy, NOW)).to.deep.equal(RECORD);
    expect(decodeCopy(encodeCopy({ ...RECORD, gpc: false, method: 'accept-all', revision: 1 }), NOW)).to.deep.equal({ ...RECORD, gpc: false, method: 'accept-all', revision: 1 });
  });

  it('is a valid cookie value: no space, quote, comma, semicolon or backslash', () => {
    expect(encodeCopy(RECORD)).to.match(/^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/);
  });

  it('is refused when any field was edited, the grants above all', () => {
    const copy = encodeCopy(RECORD);
    const fields = copy.split('|');
    const edits: Record<number, string> = {
      0: 'a2',
      1: '1b8a4c1e-5f3d-4a2b-9c8d-7e6f5a4b3c2d',
      2: '4',
      3: '2026-11-28T11:00:01.000Z',
      4: '2028-05-27T11:00:00.000Z',
      5: '2026.12',
      6: 'necessary~analytics~marketing',
      7: 'accept-all',
      8: '0',
      9: fields[9]!.replace(/.$/, (last) => (last === 'a' ? 'b' : 'a')),
    };
    expect(Object.keys(edits)).to.have.length(fields.length);
    for (const [index, value] of Object.entries(edits)) {
      const edited = fields.map((field, at) => (at === Number(index) ? value : field)).join('|');
      expect(edited, `field ${index}`).not.to.equal(copy);
      expect(decodeCopy(edited, NOW), `field ${index}`).to.equal(undefined);
    }
  });

  it('is refused when truncated anywhere', () => {
    const copy = encodeCopy(RECORD);
    for (let length = 0; length < copy.length; length++) expect(decodeCopy(copy.slice(0, length), NOW), `${length} characters`).to.equal(undefined);
  });

  it('is refused when it is garbage or another tool’s value', () => {
    for (const garbage of [undefined, '', '|', '||||||||||', 'a1', 'true', '{"id":"x"}', '%E0%A4%A', 'a1|%|x', encodeCopy(RECORD) + '|x', `x${encodeCopy(RECORD)}`]) {
      expect(decodeCopy(garbage, NOW), String(garbage)).to.equal(undefined);
    }
  });

  it('is refused when its checksum matches but a field is not a record’s, as a stored decision would be', () => {
    expect(decodeCopy(encodeCopy({ ...RECORD, id: 'not-a-uuid' }), NOW)).to.equal(undefined);
    expect(decodeCopy(encodeCopy({ ...RECORD, decisions: { analytics: true } }), NOW)).to.equal(undefined);
    expect(decodeCopy(encodeCopy({ ...RECORD, method: 'magic' as ConsentState['method'] }), NOW)).to.equal(undefined);
    // Dated after the browser's clock: its time cannot be the time it was made.
    expect(decodeCopy(encodeCopy({ ...RECORD, timestamp: '2026-11-29T12:00:00.000Z', expiresAt: '2027-05-28T12:00:00.000Z' }), NOW)).to.equal(undefined);
  });

  it('keeps an expired decision and another policy version as they are: the manager judges them like a stored one', () => {
    const expired = { ...RECORD, timestamp: '2025-01-01T00:00:00.000Z', expiresAt: '2025-06-30T00:00:00.000Z' };
    expect(decodeCopy(encodeCopy(expired), NOW)).to.deep.equal(expired);
  });

  it('names the configured categories or not', () => {
    expect(sameCategories(RECORD, configFrom('categories="analytics marketing"'))).to.equal(true);
    expect(sameCategories(RECORD, configFrom('categories="marketing analytics"'))).to.equal(true);
    expect(sameCategories(RECORD, configFrom('categories="analytics"'))).to.equal(false);
    expect(sameCategories(RECORD, configFrom('categories="analytics marketing functional"'))).to.equal(false);
    expect(sameCategories(RECORD, configFrom('categories="analytics ads"'))).to.equal(false);
  });

  it('is newer by revision under the same id, and by the time of the decision under another', () => {
    expect(supersedes(RECORD, null)).to.equal(true);
    expect(supersedes({ ...RECORD, revision: 4 }, RECORD)).to.equal(true);
    expect(supersedes({ ...RECORD, revision: 2, timestamp: '2026-11-28T11:30:00.000Z' }, RECORD)).to.equal(false);
    expect(supersedes(RECORD, RECORD)).to.equal(false);
    const other = { ...RECORD, id: 'ffffffff-5f3d-4a2b-9c8d-7e6f5a4b3c2d', revision: 1 };
    expect(supersedes({ ...other, timestamp: '2026-11-28T11:00:00.001Z' }, RECORD)).to.equal(true);
    expect(supersedes({ ...other, timestamp: '2026-11-28T10:59:59.999Z' }, RECORD)).to.equal(false);
    expect(supersedes(other, RECORD)).to.equal(false); // a tie keeps the one in place
  });
});
