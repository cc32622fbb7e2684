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
