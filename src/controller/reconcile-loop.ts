import { isConflict } from '../kube/kube-errors.js';
import { messageOf } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { runWorkers, type WorkQueue } from './work-queue.js';

/** What one reconcile of a key reports: when to look at the key again, if at all. */
export type Reconcile = (key: string) => Promise<{ requeueAfterMs?: number }>;

/**
 * Runs `threads` workers over the queue once `synced` resolves: a reconcile's requeueAfter is the only
 * timer, a 409 re-queues at once (re-read, reconcile again), any other error backs off exponentially.
 * `kind` names the key in log lines (rollout, analysisrun). Resolves when the queue has shut down.
 */
export async function runReconcileLoop(options: { queue: WorkQueue; reconcile: Reconcile; threads: number; log: Logger; kind: string; synced: Promise<void> }): Promise<void> {
  const { queue, log, kind } = options;
  const process = async (key: string): Promise<void> => {
    try {
      const result = await options.reconcile(key);
      if (result.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      if (!isConflict(err)) throw err;
      log.debug({ [kind]: key, reason: messageOf(err) }, 'conflict: re-reading and reconciling again');
      queue.add(key);
    }
  };
  await options.synced;
  await runWorkers(queue, options.threads, process, (key, err) => log.error({ [kind]: key, err: messageOf(err) }, 'reconcile failed; retrying with backoff'));
}
