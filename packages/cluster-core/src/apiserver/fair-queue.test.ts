import { expect, test } from '@jest/globals';
import { FairQueue } from './fair-queue';

/** Lets the event loop turn until `count` turns were served (each turn is one setImmediate). */
async function served(log: string[], count: number): Promise<void> {
  for (let turns = 0; log.length < count && turns < 100; turns++)
    await new Promise((resolve) => setImmediate(resolve));
}

test('a flow with many waiting requests takes turns with a flow that has one', async () => {
  const queue = new FairQueue();
  const flooded = {};
  const quiet = {};
  const log: string[] = [];
  for (let i = 1; i <= 3; i++) queue.enqueue(flooded, () => log.push(`flooded ${i}`));
  queue.enqueue(quiet, () => log.push('quiet 1'));
  expect(queue.waiting(flooded)).toBe(3);
  await served(log, 4);
  expect(log).toEqual(['flooded 1', 'quiet 1', 'flooded 2', 'flooded 3']);
  expect(queue.waiting(flooded)).toBe(0);
});

test('the slices of a request under way take turns too, and are not counted as new requests', async () => {
  const queue = new FairQueue();
  const flooded = {};
  const quiet = {};
  const log: string[] = [];
  let waitingWhileListing = -1;
  queue.enqueue(flooded, () => {
    log.push('list part 1');
    queue.resume(flooded, () => {
      log.push('list part 2');
      queue.resume(flooded, () => log.push('list part 3'));
    });
    waitingWhileListing = queue.waiting(flooded);
  });
  queue.enqueue(quiet, () => log.push('quiet'));
  await served(log, 4);
  expect(log).toEqual(['list part 1', 'quiet', 'list part 2', 'list part 3']);
  expect(waitingWhileListing).toBe(0);
});
