// The one place Argo's duration strings are read. Argo parses them with Go's time.ParseDuration, so
// this follows Go's grammar and arithmetic (integer nanoseconds, Go's overflow limits and error
// text); a string Argo accepts is accepted here with the same value, and one it rejects is rejected.
//
// Invalid input is reported two ways: the `try…` functions return a result carrying Go's message,
// and `parseDurationString` throws a RolloutsError (ROLLOUT_INVALID_SPEC) naming the bad value.
// `pauseDurationSeconds` keeps Argo's own convention instead (a negative number means invalid), which
// is what validation compares against.
import { Duration } from 'luxon';
import { RolloutsError } from '../shared/errors.js';

/** A parse that either succeeded or says why not (in Go's words where Go rejects the text). */
export type DurationResult<T> = { ok: true; value: T } | { ok: false; message: string };

const NS_PER_MS = 1_000_000n;
const NS_PER_SECOND = 1_000_000_000n;
const TWO_POW_63 = 1n << 63n;
const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

// Both spellings of "µs" (micro sign U+00B5 and Greek mu U+03BC), as Go accepts.
const UNIT_NS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n],
  ['\u03bcs', 1_000n],
  ['ms', NS_PER_MS],
  ['s', NS_PER_SECOND],
  ['m', 60n * NS_PER_SECOND],
  ['h', 3600n * NS_PER_SECOND],
]);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

// Go's strconv.Quote for the ASCII strings users write; close enough for anything else.
const quote = (s: string): string => JSON.stringify(s);

interface Segment {
  /** Nanoseconds this segment adds. */
  ns: bigint;
  rest: string;
}

const leading = (pattern: RegExp, s: string): string => pattern.exec(s)?.[0] ?? '';
const invalidDuration = (orig: string): { ok: false; message: string } => ({ ok: false, message: `time: invalid duration ${quote(orig)}` });

/** `[0-9]*(\.[0-9]*)?` with at least one digit; undefined when there is none ("." or "-.s"). */
function readNumber(s: string): { whole: bigint; frac: string; rest: string } | undefined {
  const digits = leading(/^[0-9]*/, s);
  let rest = s.slice(digits.length);
  const frac = rest.startsWith('.') ? leading(/^[0-9]*/, rest.slice(1)) : '';
  if (rest.startsWith('.')) rest = rest.slice(1 + frac.length);
  return digits === '' && frac === '' ? undefined : { whole: BigInt(`0${digits}`), frac, rest };
}

/** Reads `[0-9]*(\.[0-9]*)?unit` from the front of `s`; anything past 2^63 ns is an error. */
function readSegment(s: string, orig: string): DurationResult<Segment> {
  const num = readNumber(s);
  // Go rejects an integer part beyond 2^63 before it looks at the unit.
  if (num === undefined || num.whole > TWO_POW_63) return invalidDuration(orig);
  const unit = leading(/^[^0-9.]*/, num.rest);
  if (unit === '') return { ok: false, message: `time: missing unit in duration ${quote(orig)}` };
  const unitNs = UNIT_NS.get(unit);
  if (unitNs === undefined) return { ok: false, message: `time: unknown unit ${quote(unit)} in duration ${quote(orig)}` };
  if (num.whole > TWO_POW_63 / unitNs) return invalidDuration(orig);
  const ns = num.whole * unitNs + fractionNs(num.frac, unitNs);
  if (ns > TWO_POW_63) return invalidDuration(orig);
  return { ok: true, value: { ns, rest: num.rest.slice(unit.length) } };
}

// Go keeps at most the fraction digits that fit in 63 bits and converts through float64, so
// "1.0000000001h" and the like round exactly as Argo's controller rounds them.
function fractionNs(digits: string, unitNs: bigint): bigint {
  let f = 0n;
  let scale = 1;
  for (const c of digits) {
    const next = f * 10n + BigInt(c);
    if (f > (TWO_POW_63 - 1n) / 10n || next > TWO_POW_63) break;
    f = next;
    scale *= 10;
  }
  if (f === 0n) return 0n;
  return BigInt(Math.trunc(Number(f) * (Number(unitNs) / scale)));
}

/**
 * Go's time.ParseDuration, to signed integer nanoseconds: "1h30m" → 5_400_000_000_000n,
 * "-1.5s" → -1_500_000_000n, "0" → 0n; "10" (no unit), "1d" (unknown unit) and "" are errors.
 */
export function parseGoDuration(text: string): DurationResult<bigint> {
  const negative = text.startsWith('-');
  const body = negative || text.startsWith('+') ? text.slice(1) : text;
  // Go's one unit-less form.
  if (body === '0') return { ok: true, value: 0n };
  if (body === '') return invalidDuration(text);
  const total = sumSegments(body, text);
  if (!total.ok || negative) return total.ok ? { ok: true, value: -total.value } : total;
  // 2^63 itself only fits as a negative int64.
  return total.value > TWO_POW_63 - 1n ? invalidDuration(text) : total;
}

function sumSegments(body: string, orig: string): DurationResult<bigint> {
  let total = 0n;
  let s = body;
  while (s !== '') {
    if (!(s.startsWith('.') || isDigit(s[0]))) return invalidDuration(orig);
    const segment = readSegment(s, orig);
    if (!segment.ok) return segment;
    total += segment.value.ns;
    if (total > TWO_POW_63) return invalidDuration(orig);
    s = segment.value.rest;
  }
  return { ok: true, value: total };
}

/**
 * A non-negative Go duration string as a luxon Duration: "300ms", "30s", "5m", "1h30m", "2.5h",
 * "1m30.5s", "1.5µs". Negative durations are refused: nothing in a Rollout or an analysis waits a
 * negative time, and Argo's validation rejects them where it checks at all.
 */
export function tryParseDurationString(text: string): DurationResult<Duration> {
  const parsed = parseGoDuration(text);
  if (!parsed.ok) return parsed;
  if (parsed.value < 0n) return { ok: false, message: `invalid duration ${quote(text)}: must not be negative` };
  return { ok: true, value: Duration.fromMillis(nanosToMillis(parsed.value)) };
}

/** As tryParseDurationString, but throws RolloutsError(ROLLOUT_INVALID_SPEC) naming the bad value. */
export function parseDurationString(text: string): Duration {
  const parsed = tryParseDurationString(text);
  if (!parsed.ok) throw new RolloutsError('ROLLOUT_INVALID_SPEC', parsed.message);
  return parsed.value;
}

// Whole milliseconds stay exact; sub-millisecond parts become a fraction of a millisecond.
function nanosToMillis(ns: bigint): number {
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

/**
 * A pause step's `duration` in whole seconds, or why it is invalid. A number, or a string that
 * parses as a 32-bit integer, is seconds ("10" → 10); any other string is a Go duration truncated
 * toward zero ("1m30.9s" → 90, "1ms" → 0). Invalid: an unparsable string ("1z", "20000000000"),
 * a negative result ("-5", "-1s"), or seconds beyond int32.
 */
export function tryPauseDurationSeconds(value: number | string): DurationResult<number> {
  const seconds = pauseSecondsOrUndefined(value);
  if (seconds === undefined || seconds < 0) {
    return { ok: false, message: `invalid pause duration ${typeof value === 'string' ? quote(value) : String(value)}: must be a non-negative number of seconds or a duration such as "30s"` };
  }
  return { ok: true, value: seconds };
}

/**
 * Argo's RolloutPause.DurationSeconds(): the pause in whole seconds, with Argo's convention that a
 * negative result means invalid (−1 for an unparsable string, the value itself for a negative one).
 * Examples: 10 → 10, "10" → 10, "10s" → 10, "1h" → 3600, "1ms" → 0, "1z" → −1, "-5" → −5.
 */
export function pauseDurationSeconds(value: number | string): number {
  return pauseSecondsOrUndefined(value) ?? -1;
}

const INT32_STRING = /^[+-]?[0-9]+$/;

function pauseSecondsOrUndefined(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? int32OrUndefined(value) : undefined;
  // Go's ParseInt(s, 10, 32) fails out of range, and then ParseDuration fails for want of a unit.
  if (INT32_STRING.test(value)) return int32OrUndefined(Number(value) || 0); // "-0" is 0
  const parsed = parseGoDuration(value);
  // Truncation toward zero, as Go's int32(d.Seconds()); "-0.5s" is therefore 0, as in Argo.
  return parsed.ok ? int32OrUndefined(Number(parsed.value / NS_PER_SECOND)) : undefined;
}

// Go's conversion of an out-of-range float is undefined; such a pause (68 years) is refused instead.
const int32OrUndefined = (n: number): number | undefined => (n >= INT32_MIN && n <= INT32_MAX ? n : undefined);

/**
 * A duration in Go's Duration.String() form, as Argo prints durations in messages:
 * 90 s → "1m30s", 2 h → "2h0m0s", 1.5 s → "1.5s", 300 ms → "300ms", 0 → "0s".
 */
export function formatDuration(duration: Duration): string {
  const ns = BigInt(Math.round(duration.toMillis() * 1e6));
  const sign = ns < 0n ? '-' : '';
  const abs = ns < 0n ? -ns : ns;
  return sign + (abs < NS_PER_SECOND ? formatSubSecond(abs) : formatSeconds(abs));
}

// "1.25" for (1250n, 3): the value over 10^digits, trailing zeros and a bare point dropped.
function decimal(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const frac = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac === '' ? String(value / scale) : `${value / scale}.${frac}`;
}

function formatSubSecond(ns: bigint): string {
  if (ns === 0n) return '0s';
  if (ns < 1_000n) return `${ns}ns`;
  if (ns < NS_PER_MS) return `${decimal(ns, 3)}\u00b5s`;
  return `${decimal(ns, 6)}ms`;
}

function formatSeconds(ns: bigint): string {
  const totalSeconds = ns / NS_PER_SECOND;
  const seconds = `${decimal((totalSeconds % 60n) * NS_PER_SECOND + (ns % NS_PER_SECOND), 9)}s`;
  const totalMinutes = totalSeconds / 60n;
  if (totalMinutes === 0n) return seconds;
  const hours = totalMinutes / 60n;
  return `${hours > 0n ? `${hours}h` : ''}${totalMinutes % 60n}m${seconds}`;
}
