import { expect } from '@open-wc/testing';
import { AssentConfigureRequestEvent } from '../../src/ui/events.js';
import { defineElements } from '../../src/ui/define.js';

defineElements();

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve));

describe('<assent-consent>', () => {
  it('builds its banner and preference center, and asks to be configured, in a task after the one that connects it', async () => {
    const root = document.createElement('div');
    const requests: Event[] = [];
    root.addEventListener(AssentConfigureRequestEvent.eventName, (event) => requests.push(event));
    root.innerHTML = '<assent-consent categories="analytics"><p slot="title">Cookies?</p></assent-consent>';
    const consent = root.querySelector('assent-consent')!;
    document.body.append(root);
    try {
      await Promise.resolve(); // the connecting task's microtasks
      expect(consent.shadowRoot === null, 'nothing built while connecting').to.equal(true);
      expect(requests).to.have.length(0);
      for (let task = 0; task < 5 && !requests.length; task++) await nextTask();
      const inner = consent.shadowRoot!.children;
      expect([...inner].map((element) => element.localName)).to.deep.equal(['assent-banner', 'assent-preferences']);
      expect(Boolean(inner[0]!.querySelector('slot[name="title"]')), "the shop's own title is passed on").to.equal(true);
      expect(requests).to.have.length(1);
    } finally {
      root.remove();
    }
  });
});
