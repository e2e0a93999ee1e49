// Duration strings read as Go's time.ParseDuration reads them (Argo parses every duration with
// it), pause durations as Argo's RolloutPause.DurationSeconds(), and Go's Duration.String().
import { describe, expect, it } from '@jest/globals';
import { Duration } from 'luxon';
import {
  formatDuration,
  parseDurationString,
  parseGoDuration,
  pauseDurationSeconds,
  tryParseDurationString,
  tryPauseDurationSeconds,
} from '../../../src/api/duration.js';
import { RolloutsError } from '../../../src/shared/errors.js';

describe('parseGoDuration: valid', () => {
  it.each<[string, bigint]>([
    ['0', 0n],
    ['+0', 0n],
    ['-0', 0n],
    ['0s', 0n],
    ['300ms', 300_000_000n],
    ['30s', 30_000_000_000n],
    ['5m', 300_000_000_000n],
    ['1h', 3_600_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['2.5h', 9_000_000_000_000n],
    ['1m30.5s', 90_500_000_000n],
    ['1.5s', 1_500_000_000n],
    ['.5s', 500_000_000n],
    ['5.s', 5_000_000_000n],
    ['1ns', 1n],
    ['1us', 1_000n],
    ['1\u00b5s', 1_000n],
    ['1\u03bcs', 1_000n],
    ['1h1h', 7_200_000_000_000n],
    ['1s1h', 3_601_000_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['+30s', 30_000_000_000n],
    ['0.000000001s', 1n],
    ['0.0000000009s', 0n],
    ['1.0000000001h', 3_600_000_000_360n],
    ['9223372036854775807ns', 9_223_372_036_854_775_807n],
    ['-9223372036854775808ns', -9_223_372_036_854_775_808n],
    ['2562047h47m16.854775807s', 9_223_372_036_854_775_807n],
  ])('%s → %d ns', (text, ns) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, value: ns });
  });
});

describe('parseGoDuration: invalid, with Go\'s message', () => {
  it.each<[string, string]>([
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['10', 'time: missing unit in duration "10"'],
    ['1.5', 'time: missing unit in duration "1.5"'],
    ['1z', 'time: unknown unit "z" in duration "1z"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1S', 'time: unknown unit "S" in duration "1S"'],
    ['1 s', 'time: unknown unit " s" in duration "1 s"'],
    [' 1s', 'time: invalid duration " 1s"'],
    ['s', 'time: invalid duration "s"'],
    ['.s', 'time: invalid duration ".s"'],
    ['1..5s', 'time: missing unit in duration "1..5s"'],
    ['1s ', 'time: unknown unit "s " in duration "1s "'],
    ['--1s', 'time: invalid duration "--1s"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['2562048h', 'time: invalid duration "2562048h"'],
    ['99999999999999999999x', 'time: invalid duration "99999999999999999999x"'],
  ])('%j', (text, message) => {
    expect(parseGoDuration(text)).toEqual({ ok: false, message });
  });
});

describe('parseDurationString', () => {
  it.each<[string, number]>([
    ['300ms', 300],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2.5h', 9_000_000],
    ['1m30.5s', 90_500],
    ['1.5\u00b5s', 0.0015],
    ['0', 0],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDurationString(text).toMillis()).toBe(ms);
    expect(tryParseDurationString(text)).toEqual({ ok: true, value: Duration.fromMillis(ms) });
  });

  it.each(['-1s', '-0.5s', '10', '1d', 'abc', ''])('rejects %j with ROLLOUT_INVALID_SPEC naming it', (text) => {
    expect(tryParseDurationString(text).ok).toBe(false);
    let thrown: unknown;
    try {
      parseDurationString(text);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RolloutsError);
    expect((thrown as RolloutsError).code).toBe('ROLLOUT_INVALID_SPEC');
    expect((thrown as RolloutsError).message).toContain(JSON.stringify(text));
  });
});

describe('pauseDurationSeconds (Argo\'s TestRolloutPauseDuration and more)', () => {
  it.each<[number | string, number]>([
    [10, 10],
    ['10', 10],
    ['10s', 10],
    ['1h', 3600],
    ['1ms', 0],
    ['1z', -1],
    ['20000000000', -1],
    [0, 0],
    ['+10', 10],
    ['010', 10],
    ['-0', 0],
    ['1m30.9s', 90],
    ['-0.5s', 0],
    ['2147483647', 2147483647],
    ['2147483648', -1],
    ['596523h14m7s', 2147483647],
    ['596523h14m8s', -1],
    ['-5', -5],
    ['-5s', -5],
    [-3, -3],
    [1.5, -1],
    ['', -1],
    [' 10', -1],
    ['1e3', -1],
  ])('%j → %d', (value, seconds) => {
    expect(pauseDurationSeconds(value)).toBe(seconds);
  });

  it('tryPauseDurationSeconds gives the seconds or a message naming the value', () => {
    expect(tryPauseDurationSeconds('1m')).toEqual({ ok: true, value: 60 });
    expect(tryPauseDurationSeconds(30)).toEqual({ ok: true, value: 30 });
    const bad = tryPauseDurationSeconds('5 minutes');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.message).toContain('"5 minutes"');
    expect(tryPauseDurationSeconds(-1).ok).toBe(false);
    expect(tryPauseDurationSeconds('-5s').ok).toBe(false);
  });
});

describe('formatDuration (Go\'s Duration.String())', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [0.000001, '1ns'],
    [0.0015, '1.5\u00b5s'],
    [1.5, '1.5ms'],
    [300, '300ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [300_000, '5m0s'],
    [3_600_000, '1h0m0s'],
    [5_400_000, '1h30m0s'],
    [90_061_001, '25h1m1.001s'],
    [-1_500, '-1.5s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(Duration.fromMillis(ms))).toBe(text);
  });

  it('round-trips what it prints', () => {
    for (const text of ['1h30m0s', '1.5s', '300ms', '2m3.25s']) {
      expect(formatDuration(parseDurationString(text))).toBe(text);
    }
  });
});
