// A bounded first-in first-out queue of async jobs run one at a time: per notification service (a slow
// service delays only its own notifications) and per event lane (events of one object stay in order).

/** A job, and what to do when the queue is full (the job is dropped). */
export class SerialQueue {
  readonly #limit: number;
  readonly #jobs: Array<() => Promise<void>> = [];
  #running: Promise<void> | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Queues `job`; false (and the job is not queued) when `limit` jobs are already waiting. */
  push(job: () => Promise<void>): boolean {
    if (this.#jobs.length >= this.#limit) return false;
    this.#jobs.push(job);
    this.#running ??= this.#drain();
    return true;
  }

  /** Resolves when every queued job has run. */
  idle(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  async #drain(): Promise<void> {
    // Start on a later turn of the event loop: the caller (a reconcile) goes on first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let job = this.#jobs.shift(); job; job = this.#jobs.shift()) {
      // A job reports its own failures; one throwing must not stop the queue.
      await job().catch(() => undefined);
    }
    this.#running = undefined;
  }
}
