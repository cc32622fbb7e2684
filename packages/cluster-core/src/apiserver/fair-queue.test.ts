import { expect, test } from '@jest/globals';
import { FairQueue } from './fair-queue';

test('a flow with many waiting requests takes turns with a flow that has one', async () => {
  const queue = new FairQueue();
  const flooded = {};
  const quiet = {};
  const served: string[] = [];
  for (let i = 1; i <= 3; i++) queue.enqueue(flooded, () => served.push(`flooded ${i}`));
  queue.enqueue(quiet, () => served.push('quiet 1'));
  expect(queue.waiting(flooded)).toBe(3);
  await new Promise((r) => setTimeout(r, 10));
  expect(served).toEqual(['flooded 1', 'quiet 1', 'flooded 2', 'flooded 3']);
  expect(queue.waiting(flooded)).toBe(0);
});

test('the slices of a request under way take turns too, and are not counted as new requests', async () => {
  const queue = new FairQueue();
  const flooded = {};
  const quiet = {};
  const served: string[] = [];
  let waitingWhileListing = -1;
  queue.enqueue(flooded, () => {
    served.push('list part 1');
    queue.resume(flooded, () => {
      served.push('list part 2');
      queue.resume(flooded, () => served.push('list part 3'));
    });
    waitingWhileListing = queue.waiting(flooded);
  });
  queue.enqueue(quiet, () => served.push('quiet'));
  await new Promise((r) => setTimeout(r, 10));
  expect(served).toEqual(['list part 1', 'quiet', 'list part 2', 'list part 3']);
  expect(waitingWhileListing).toBe(0);
});
