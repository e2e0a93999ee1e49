import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RETRY } from '../../../src/notifications/config.js';
import { retryWaitMs, sendWithRetry, type AttemptOutcome } from '../../../src/notifications/retry.js';
import { createFakeTimerClock } from '../../helpers/fake-timer-clock.js';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// Runs sendWithRetry on a fake clock, advancing it whenever the loop waits; records when each attempt ran.
async function run(outcomes: AttemptOutcome[], settings = DEFAULT_RETRY): Promise<{ result: Awaited<ReturnType<typeof sendWithRetry>>; times: number[] }> {
  const clock = createFakeTimerClock();
  const times: number[] = [];
  let done = false;
  const promise = sendWithRetry(
    () => {
      times.push(clock.now());
      return Promise.resolve(outcomes[Math.min(times.length - 1, outcomes.length - 1)]);
    },
    settings,
    clock,
  ).finally(() => (done = true));
  while (!done) {
    await flush();
    if (clock.pending() > 0) clock.advance(100);
  }
  return { result: await promise, times };
}

const fail500: AttemptOutcome = { ok: false, retryable: true, error: 'HTTP 500', status: 500 };

describe('retry policy', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 5000],
    [9, 5000],
  ])('waits after attempt %d: %d ms', (attempt, ms) => {
    expect(retryWaitMs(DEFAULT_RETRY, attempt)).toBe(ms);
  });

  it('tries 3 times by default, 1 s then 2 s apart, and returns the last failure', async () => {
    const { result, times } = await run([fail500]);
    expect(times).toEqual([0, 1000, 3000]);
    expect(result).toEqual({ ...fail500, attempts: 3 });
  });

  it('stops at the first success', async () => {
    const { result, times } = await run([fail500, { ok: true, status: 200 }]);
    expect(times).toEqual([0, 1000]);
    expect(result).toEqual({ ok: true, status: 200, attempts: 2 });
  });

  it('does not retry a failure that will not change (a 4xx)', async () => {
    const { result, times } = await run([{ ok: false, retryable: false, error: 'HTTP 400', status: 400 }]);
    expect(times).toEqual([0]);
    expect(result.attempts).toBe(1);
  });

  it('honours retryMax and the waits of the service', async () => {
    const { times } = await run([fail500], { attempts: 4, waitMinMs: 200, waitMaxMs: 300 });
    expect(times).toEqual([0, 200, 500, 800]);
  });
});
