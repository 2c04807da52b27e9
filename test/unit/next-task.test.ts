import { expect } from '@open-wc/testing';
import { inNextTask } from '../../src/core/next-task.js';

describe('inNextTask', () => {
  it('runs the work after the current task, and settles with its result', async () => {
    const order: string[] = [];
    const result = inNextTask(() => {
      order.push('work');
      return 42;
    });
    await Promise.resolve();
    order.push('this task');
    expect(await result).to.equal(42);
    expect(order).to.deep.equal(['this task', 'work']);
  });

  it('rejects with what the work throws', async () => {
    const failure = new Error('broken');
    const error = await inNextTask(() => {
      throw failure;
    }).catch((caught: unknown) => caught);
    expect(error).to.equal(failure);
  });

  it('runs the same way with a timer where there is no task scheduler', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'scheduler');
    // Safari has no scheduler.postTask; removing the global is how to reproduce that here.
    Object.defineProperty(globalThis, 'scheduler', { value: undefined, configurable: true });
    try {
      let ran = false;
      const result = inNextTask(() => (ran = true));
      await Promise.resolve();
      expect(ran).to.equal(false);
      expect(await result).to.equal(true);
      expect(await inNextTask(() => Promise.reject(new Error('later')).catch((error: Error) => error.message))).to.equal('later');
    } finally {
      if (descriptor) Object.defineProperty(globalThis, 'scheduler', descriptor);
    }
  });
});
