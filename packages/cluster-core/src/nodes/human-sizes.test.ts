import { expect, test } from '@jest/globals';
import { gnuHumanSize } from './human-sizes';

test("coreutils' -h sizes are what ls -lh prints on this machine's coreutils", () => {
  // measured with `ls -lh` on files of these sizes (coreutils 9.1)
  const printed: [number, string][] = [
    [5, '5'],
    [1536, '1.5K'],
    [4096, '4.0K'],
    [10_239, '10K'],
    [123_456, '121K'],
    [1_048_577, '1.1M'],
  ];
  for (const [bytes, text] of printed) expect([bytes, gnuHumanSize(bytes)]).toEqual([bytes, text]);
});
