import { ApiError } from '../api-error.js';

/**
 * A de-duplicating queue of keys processed in batches on the next turn of the event loop. A key that
 * fails with a 409 (or any error) is retried after a short delay, the way a controller requeues.
 */
export class KeyQueue {
  readonly #process: (key: string) => void;
  readonly #logError: (message: string) => void;
  readonly #name: string;
  #pending = new Set<string>();
  #scheduled = false;
  #timers = new Set<NodeJS.Timeout>();
  #stopped = false;

  constructor(name: string, process: (key: string) => void, logError: (message: string) => void) {
    this.#name = name;
    this.#process = process;
    this.#logError = logError;
  }

  add(key: string): void {
    if (this.#stopped) return;
    this.#pending.add(key);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#drain());
    }
  }

  /** Adds `key` after `ms` milliseconds (timed transitions: pod readiness, job completion). */
  addAfter(key: string, ms: number): void {
    if (this.#stopped) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.add(key);
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  #drain(): void {
    this.#scheduled = false;
    const keys = [...this.#pending];
    this.#pending.clear();
    for (const key of keys) this.#run(key);
  }

  #run(key: string): void {
    try {
      this.#process(key);
    } catch (err) {
      const conflict = err instanceof ApiError && (err.code === 409 || err.code === 404);
      if (!conflict) this.#logError(`rollouts-sim ${this.#name}: ${key}: ${(err as Error).message}`);
      this.addAfter(key, conflict ? 5 : 500);
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}

/** "namespace/name" → [namespace, name]. */
export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
