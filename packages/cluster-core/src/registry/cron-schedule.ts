/**
 * CronJob schedules as github.com/robfig/cron/v3 ParseStandard reads them (the parser the
 * apiserver validates with and the CronJob controller schedules with): five fields or a
 * descriptor (@hourly, @every 1h30m), the same error texts, and the next activation time.
 */

import { zoneOffsetMinutes } from '../api/time-zone';

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DOW: Bounds = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

/** A parsed five-field schedule: the allowed values of each field, and whether dom/dow were `*`. */
export interface SpecSchedule {
  kind: 'spec';
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domStar: boolean;
  dowStar: boolean;
  timeZone?: string;
}

export interface EverySchedule {
  kind: 'every';
  intervalMs: number;
}

export type CronSchedule = SpecSchedule | EverySchedule;

class CronError extends Error {}

/** strconv.Atoi's error texts. */
function atoi(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr))
    throw new CronError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`,
    );
  const n = Number(expr);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63) {
    throw new CronError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`,
    );
  }
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function intOrName(expr: string, bounds: Bounds): number {
  const named = bounds.names?.[expr.toLowerCase()];
  return named !== undefined ? named : atoi(expr);
}

/** getRange: one comma-separated part of a field (`*`, `1-5`, `*\/10`, `mon-fri`). */
function addRange(expr: string, bounds: Bounds, into: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = intOrName(lowAndHigh[0], bounds);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1], bounds);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1]);
    if (single) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < bounds.min)
    throw new CronError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max)
    throw new CronError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end)
    throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) into.add(i);
  return star;
}

function field(text: string, bounds: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',').filter((p) => p !== ''))
    star = addRange(part, bounds, values) || star;
  return { values, star };
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** time.ParseDuration, in milliseconds. */
function parseDuration(text: string): number {
  const quoted = JSON.stringify(text);
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new CronError(`time: invalid duration ${quoted}`);
  let total = 0;
  while (rest) {
    const num = /^(\d*)(\.\d*)?/.exec(rest);
    if (!num || (num[1] === '' && (num[2] ?? '.') === '.'))
      throw new CronError(`time: invalid duration ${quoted}`);
    rest = rest.slice(num[0].length);
    const unit = /^[^\d.]+/.exec(rest)?.[0] ?? '';
    if (!unit) throw new CronError(`time: missing unit in duration ${quoted}`);
    if (!(unit in DURATION_UNITS))
      throw new CronError(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    total += Number(`${num[1] || '0'}${num[2] ?? ''}`) * DURATION_UNITS[unit];
    rest = rest.slice(unit.length);
  }
  return sign * total;
}

function isTimeZone(name: string): boolean {
  if (name === 'UTC' || name === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function parseSpec(input: string): CronSchedule {
  if (input.length === 0) throw new CronError('empty spec string');
  let spec = input;
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    const name = spec.slice(eq + 1, space < 0 ? undefined : space);
    if (!isTimeZone(name))
      throw new CronError(`provided bad location ${name}: unknown time zone ${name}`);
    timeZone = name;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (spec.startsWith('@every ')) {
      let ms: number;
      try {
        ms = parseDuration(spec.slice('@every '.length));
      } catch (err) {
        throw new CronError(`failed to parse duration ${spec}: ${(err as Error).message}`);
      }
      return { kind: 'every', intervalMs: Math.max(1000, Math.floor(ms / 1000) * 1000) };
    }
    const fields = DESCRIPTORS[spec];
    if (!fields) throw new CronError(`unrecognized descriptor: ${spec}`);
    spec = fields;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5)
    throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const minute = field(fields[0], MINUTES);
  const hour = field(fields[1], HOURS);
  const dom = field(fields[2], DOM);
  const month = field(fields[3], MONTHS);
  const dow = field(fields[4], DOW);
  return {
    kind: 'spec',
    minute: minute.values,
    hour: hour.values,
    dom: dom.values,
    month: month.values,
    dow: dow.values,
    domStar: dom.star,
    dowStar: dow.star,
    timeZone,
  };
}

/** cron.ParseStandard: the schedule, or the error text validation reports. */
export function parseCronSchedule(spec: string): CronSchedule | string {
  try {
    return parseSpec(spec);
  } catch (err) {
    if (err instanceof CronError) return err.message;
    throw err;
  }
}

function matches(s: SpecSchedule, wall: Date): boolean {
  if (
    !s.minute.has(wall.getUTCMinutes()) ||
    !s.hour.has(wall.getUTCHours()) ||
    !s.month.has(wall.getUTCMonth() + 1)
  )
    return false;
  const domMatch = s.dom.has(wall.getUTCDate());
  const dowMatch = s.dow.has(wall.getUTCDay());
  // robfig: when either day field is `*`, both must match; otherwise either may
  return s.domStar || s.dowStar ? domMatch && dowMatch : domMatch || dowMatch;
}

/** The first activation strictly after `after` (ms since epoch), or undefined within 5 years. */
export function nextActivation(schedule: CronSchedule, after: number): number | undefined {
  if (schedule.kind === 'every') return Math.floor(after / 1000) * 1000 + schedule.intervalMs;
  const offset = zoneOffsetMinutes(schedule.timeZone, after);
  let wall = new Date(Math.floor((after + offset * 60_000) / 60_000) * 60_000 + 60_000);
  const limit = wall.getTime() + 5 * 366 * 24 * 3_600_000;
  while (wall.getTime() < limit) {
    if (!schedule.month.has(wall.getUTCMonth() + 1)) {
      wall = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 1));
      continue;
    }
    const domOk = schedule.dom.has(wall.getUTCDate());
    const dowOk = schedule.dow.has(wall.getUTCDay());
    const dayOk = schedule.domStar || schedule.dowStar ? domOk && dowOk : domOk || dowOk;
    if (!dayOk) {
      wall = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + 1));
      continue;
    }
    if (!schedule.hour.has(wall.getUTCHours())) {
      wall = new Date(
        Date.UTC(
          wall.getUTCFullYear(),
          wall.getUTCMonth(),
          wall.getUTCDate(),
          wall.getUTCHours() + 1,
        ),
      );
      continue;
    }
    if (matches(schedule, wall)) {
      const utc =
        wall.getTime() -
        zoneOffsetMinutes(schedule.timeZone, wall.getTime() - offset * 60_000) * 60_000;
      return utc;
    }
    wall = new Date(wall.getTime() + 60_000);
  }
  return undefined;
}
