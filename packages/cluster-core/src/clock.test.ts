import { realClock } from './clock';

describe('the real clock', () => {
  test('a delay beyond setTimeout’s 24.8-day limit is chained instead of firing at once', () => {
    jest.useFakeTimers();
    const fired = jest.fn();
    realClock.schedule(40 * 24 * 3600 * 1000, fired);
    jest.advanceTimersByTime(25 * 24 * 3600 * 1000);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(15 * 24 * 3600 * 1000);
    expect(fired).toHaveBeenCalledTimes(1);
    jest.useRealTimers();
  });

  test('a cancelled timer never fires', () => {
    jest.useFakeTimers();
    const fired = jest.fn();
    const cancel = realClock.schedule(1000, fired);
    cancel();
    jest.advanceTimersByTime(2000);
    expect(fired).not.toHaveBeenCalled();
    jest.useRealTimers();
  });
});
