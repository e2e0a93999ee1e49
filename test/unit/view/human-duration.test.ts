import { describe, expect, it } from '@jest/globals';
import { ageOf, humanDuration } from '../../../src/view/human-duration.js';
import { NOW } from './canary-fixtures.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [-2 * S, '<invalid>'],
    [-500, '0s'],
    [0, '0s'],
    [59 * S, '59s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [2 * M + 30 * S, '2m30s'],
    [10 * M + 5 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [5 * H + 10 * M, '5h10m'],
    [8 * H + 10 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [3 * D + 4 * H, '3d4h'],
    [8 * D + 4 * H, '8d'],
    [400 * D, '400d'],
    [3 * 365 * D + 10 * D, '3y10d'],
    [9 * 365 * D, '9y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('ages a timestamp against now, and an unknown one as empty', () => {
    expect(ageOf('2024-05-01T11:55:00Z', NOW)).toBe('5m');
    expect(ageOf(undefined, NOW)).toBe('');
    expect(ageOf('yesterday', NOW)).toBe('');
  });
});
