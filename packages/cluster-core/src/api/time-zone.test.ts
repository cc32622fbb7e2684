import { describe, expect, test } from '@jest/globals';
import { zoneOffsetMinutes } from './time-zone';

describe('zoneOffsetMinutes', () => {
  test('UTC, Local and no zone are 0', () => {
    const at = Date.UTC(2025, 0, 15, 12);
    expect(zoneOffsetMinutes(undefined, at)).toBe(0);
    expect(zoneOffsetMinutes('UTC', at)).toBe(0);
    expect(zoneOffsetMinutes('Local', at)).toBe(0);
  });

  test('follows daylight saving time and half-hour zones', () => {
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2025, 0, 15, 12))).toBe(-300);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2025, 6, 15, 12))).toBe(-240);
    expect(zoneOffsetMinutes('Asia/Kolkata', Date.UTC(2025, 6, 15, 12))).toBe(330);
    expect(zoneOffsetMinutes('Asia/Kathmandu', Date.UTC(2025, 6, 15, 12))).toBe(345);
  });
});
