import { expect } from '@open-wc/testing';

// The bundler entry (`import { consent } from 'assent'`, src/index.ts) loads the warnings' texts and
// the diagnostics as chunks of its own, as the drop-in scripts load their files.

const written: unknown[][] = [];
for (const method of ['warn', 'table'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    written.push([method, ...args]);
    original(...args);
  };
}

async function until<T>(find: () => T | undefined, what: string): Promise<T> {
  for (let waited = 0; ; waited += 50) {
    const found = find();
    if (found !== undefined) return found;
    if (waited > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the bundler entry', () => {
  it('words a configuration warning and prints the diagnostics from chunks it imports', async function () {
    this.timeout(20_000); // the diagnostics wait for the page to settle
    document.body.innerHTML = `<assent-consent polciy-version="2" categories="analytics" privacy-url="/privacy" debug></assent-consent>`;
    document.cookie = 'bundler_entry_test=1; path=/';
    await import('../../src/index.js');
    const warning = await until(() => written.find(([method, text]) => method === 'warn' && String(text).includes('polciy-version')), 'the warning');
    expect(warning[1]).to.equal('[assent] <assent-consent polciy-version="2"> is not an attribute of <assent-consent> (did you mean policy-version?); it is ignored.');
    const tables = await until(() => {
      const printed = written.filter(([method]) => method === 'table');
      return printed.length >= 2 ? printed : undefined;
    }, 'the diagnostics');
    expect(tables[0]![1]).to.deep.include({ storage: 'cookie', name: 'bundler_entry_test', declared: 'not declared' });
    expect(tables[1]![1]).to.deep.include({ warning: String(warning[1]).slice('[assent] '.length) });
    document.cookie = 'bundler_entry_test=; max-age=0; path=/';
  });
});
