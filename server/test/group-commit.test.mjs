// GroupCommit on its own, with a writer that records what it is asked: which requests share a
// transaction, what a failed one answers, and that the next batch reaches the writer before the
// callers of the one before it hear back (so a writer on another thread overlaps with them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { GroupCommit } from '../dist/group-commit.js';

/** A writer whose batches settle when the test says so. */
function controlledWriter(events) {
  const open = [];
  const write = (batch) => {
    events.push(`write ${batch.join(',')}`);
    return new Promise((resolve, reject) => open.push({ batch, resolve, reject }));
  };
  const finishNext = () => {
    const next = open.shift();
    next.resolve(next.batch.map((request) => `${request}!`));
  };
  const failNext = (message) => open.shift().reject(new Error(message));
  return { write, finishNext, failNext, waiting: () => open.length };
}

describe('GroupCommit', () => {
  it('writes the requests of one turn together and answers each caller with its own result', async () => {
    const events = [];
    const writer = controlledWriter(events);
    const commit = new GroupCommit(writer.write);
    const answers = Promise.all(['a', 'b', 'c'].map((request) => commit.submit(request)));
    await nextTurn();
    assert.deepEqual(events, ['write a,b,c']);
    writer.finishNext();
    assert.deepEqual(await answers, ['a!', 'b!', 'c!']);
  });

  it('hands the next batch to the writer before the callers of the previous one hear back', async () => {
    const events = [];
    const writer = controlledWriter(events);
    const commit = new GroupCommit(writer.write);
    const first = commit.submit('a').then((result) => events.push(`answered ${result}`));
    await nextTurn();
    const second = commit.submit('b').then((result) => events.push(`answered ${result}`));
    await nextTurn();
    assert.deepEqual(events, ['write a'], 'one transaction at a time: b waits while a is written');
    writer.finishNext();
    await first;
    assert.deepEqual(events, ['write a', 'write b', 'answered a!']);
    writer.finishNext();
    await second;
    assert.deepEqual(events, ['write a', 'write b', 'answered a!', 'answered b!']);
  });

  it('rejects every caller of a failed batch and goes on with the next', async () => {
    const events = [];
    const writer = controlledWriter(events);
    const commit = new GroupCommit(writer.write);
    const failed = [commit.submit('a'), commit.submit('b')].map((answer) => answer.then(() => 'stored', (error) => error.message));
    await nextTurn();
    const later = commit.submit('c');
    await nextTurn();
    writer.failNext('disk full');
    assert.deepEqual(await Promise.all(failed), ['disk full', 'disk full']);
    writer.finishNext();
    assert.equal(await later, 'c!');
  });

  it('answers a writer that throws instead of rejecting like one that rejects', async () => {
    const commit = new GroupCommit(() => {
      throw new Error('closed');
    });
    await assert.rejects(commit.submit('a'), /closed/);
  });

  it('takes at most 512 requests into one transaction', async () => {
    const sizes = [];
    const commit = new GroupCommit((batch) => {
      sizes.push(batch.length);
      return batch;
    });
    await Promise.all(Array.from({ length: 600 }, (_, index) => commit.submit(index)));
    assert.deepEqual(sizes, [512, 88]);
  });

  it('drain settles once everything submitted is written', async () => {
    const events = [];
    const writer = controlledWriter(events);
    const commit = new GroupCommit(writer.write);
    void commit.submit('a');
    await nextTurn();
    void commit.submit('b');
    let drained = false;
    const draining = commit.drain().then(() => (drained = true));
    writer.finishNext();
    while (writer.waiting() === 0) await nextTurn();
    assert.equal(drained, false, 'b is still being written');
    writer.finishNext();
    await draining;
    assert.deepEqual(events, ['write a', 'write b']);
  });
});
