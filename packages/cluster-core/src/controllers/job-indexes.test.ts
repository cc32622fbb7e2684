import {
  formatIntervals,
  matchSuccessPolicy,
  parseIndexes,
  total,
  withIndexes,
} from './job-indexes';

describe('completion index intervals (indexed_job_utils.go)', () => {
  test('succeeded indexes print as upstream compresses them: runs of three or more as a range', () => {
    expect(formatIntervals(withIndexes([], [4, 0, 2, 1]))).toBe('0-2,4');
    // A run of two prints as two numbers, as orderedIntervals.String does.
    expect(formatIntervals(withIndexes([], [1, 2, 7]))).toBe('1,2,7');
    expect(formatIntervals(withIndexes(parseIndexes('0-2', 10), [3, 9]))).toBe('0-3,9');
    expect(formatIntervals([])).toBe('');
  });

  test('parsing stops at completions and clips a range that runs past it', () => {
    expect(parseIndexes('1,3-5,8-20', 10)).toEqual([
      { first: 1, last: 1 },
      { first: 3, last: 5 },
      { first: 8, last: 9 },
    ]);
    expect(parseIndexes('2,12,4', 10)).toEqual([{ first: 2, last: 2 }]);
    expect(total(parseIndexes('0-4,6', 10))).toBe(6);
  });

  test('a successPolicy rule is met by all its indexes or by succeededCount of them', () => {
    const succeeded = withIndexes([], [2]);
    const policy = (rules: object[]) => ({ rules });
    expect(
      matchSuccessPolicy(policy([{ succeededIndexes: '0,2-3', succeededCount: 1 }]), 10, succeeded),
    ).toBe('Matched rules at index 0');
    expect(
      matchSuccessPolicy(policy([{ succeededIndexes: '0,2-3' }]), 10, succeeded),
    ).toBeUndefined();
    expect(
      matchSuccessPolicy(policy([{ succeededIndexes: '5' }, { succeededCount: 1 }]), 10, succeeded),
    ).toBe('Matched rules at index 1');
    expect(matchSuccessPolicy(undefined, 10, succeeded)).toBeUndefined();
  });
});
