/** A signal that aborts with `parent` or after `timeoutMs`, and the way to release its timer. */
export interface Deadline {
  signal: AbortSignal;
  dispose: () => void;
}

/**
 * Like AbortSignal.any([parent, AbortSignal.timeout(ms)]), which on Node 20 can be garbage
 * collected while still pending and then never fires.
 */
export function deadline(parent: AbortSignal, timeoutMs: number | undefined): Deadline {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  if (parent.aborted) abort();
  parent.addEventListener('abort', abort, { once: true });
  const timer = timeoutMs === undefined ? undefined : setTimeout(abort, timeoutMs);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', abort);
    },
  };
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
