import { expect } from '@open-wc/testing';
import { readConfig } from '../../src/core/config.js';
import { ConsentManager } from '../../src/core/consent.js';
import { endpointRecord } from '../../src/core/endpoint.js';
import { VARIANT_KEY, keptVariant } from '../../src/core/variant.js';
import { configFrom } from '../helpers/manager.js';
import { freshIndexedDbStore } from '../helpers/stores.js';
import { recordWarnings } from '../helpers/warnings.js';

const page = { location: { origin: 'https://shop.example', pathname: '/' }, language: 'en' };

describe('presentation variants', () => {
  afterEach(() => localStorage.removeItem(VARIANT_KEY));

  it('picks one of the variants at random and keeps it in localStorage for the next page', () => {
    expect(keptVariant(['a', 'b', 'c'], () => localStorage, () => 0.7)).to.equal('c');
    expect(localStorage.getItem(VARIANT_KEY)).to.equal('c');
    // the next page view: another random number, the same variant
    expect(keptVariant(['a', 'b', 'c'], () => localStorage, () => 0)).to.equal('c');
  });

  it('picks again when the kept variant is no longer offered', () => {
    localStorage.setItem(VARIANT_KEY, 'old');
    expect(keptVariant(['a', 'b'], () => localStorage, () => 0.5)).to.equal('b');
    expect(localStorage.getItem(VARIANT_KEY)).to.equal('b');
  });

  it('still picks when storage is blocked, for this page only', () => {
    const blocked = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    expect(keptVariant(['a', 'b'], blocked, () => 0.1)).to.equal('a');
  });

  it('reads variant and variants, dropping what the endpoint would refuse with a warning', () => {
    const warn = recordWarnings();
    const template = document.createElement('template');
    template.innerHTML = '<assent-consent variants="short long short bad/token" variant="way-too-long-for-a-variant-name-of-32"></assent-consent>';
    const config = readConfig(template.content.firstElementChild!, warn);
    expect(config.variants).to.deep.equal(['short', 'long']);
    expect(config.variant).to.equal(undefined);
    expect(warn.messages).to.have.length(3);
    expect(warn.messages.join('\n')).to.match(/way-too-long/);
    expect(warn.messages).to.include('<assent-consent variants="bad/token"> is not a valid variant (1–32 of A–Z a–z 0–9 . _ -); it is ignored.');
    expect(configFrom('variant="spring-2026"').variant).to.equal('spring-2026');
  });

  it('puts the fixed variant, or the browser’s pick, and the regime into the snapshot and every record', async () => {
    const picks: string[][] = [];
    const manager = new ConsentManager({
      store: freshIndexedDbStore(),
      warn: recordWarnings(),
      pickVariant: (variants) => (picks.push([...variants]), variants[1]!),
    });
    manager.configure(configFrom('variants="calm bold" mode="opt-out" categories="analytics"'));
    await manager.ready;
    expect(manager.snapshot.variant).to.equal('bold');
    manager.configure(configFrom('variants="calm bold" mode="opt-out" categories="analytics marketing"'));
    expect(picks, 'the same list is not picked from again').to.have.length(1);
    const state = await manager.acceptAll();
    expect(endpointRecord(state, manager.snapshot, page)).to.include({ variant: 'bold', mode: 'opt-out' });

    manager.configure(configFrom('variant="fixed" variants="calm bold"'));
    expect(manager.snapshot.variant).to.equal('fixed');
    manager.configure(configFrom(''));
    expect(manager.snapshot.variant).to.equal(undefined);
    expect(endpointRecord(state, manager.snapshot, page)).to.not.have.property('variant');
    expect(endpointRecord(state, manager.snapshot, page).mode).to.equal('opt-in');
  });
});
