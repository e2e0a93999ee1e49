// Times aborts for rollout_abort_latency_seconds: from the moment the controller learns that a
// rollout must go back to stable — the abort command (status.abort set) or the AnalysisRun that a
// failing measurement turned Failed/Error, both seen on their watch — to the first traffic write
// (router, canary Service, or replica scaling) of the reconcile that carries the abort out.
import type { AnalysisRun, Rollout } from '../api/types.js';
import type { KubeObject } from '../kube/kube-client-types.js';

/** What started an abort. */
export type AbortTrigger = 'command' | 'analysis';

const FAILING_PHASES = new Set(['Failed', 'Error']);

/** Open aborts by rollout key (namespace/name), with when and why each started. */
export class AbortLatencyClock {
  readonly #started = new Map<string, { atMs: number; trigger: AbortTrigger }>();

  /** Starts timing `key` unless an abort of it is already being timed. */
  start(key: string, trigger: AbortTrigger, atMs: number): void {
    if (!this.#started.has(key)) this.#started.set(key, { atMs, trigger });
  }

  /** Ends timing `key`: the elapsed seconds and the trigger, or undefined when nothing was timed. */
  stop(key: string, atMs: number): { seconds: number; trigger: AbortTrigger } | undefined {
    const open = this.#started.get(key);
    if (open === undefined) return undefined;
    this.#started.delete(key);
    return { seconds: Math.max(0, atMs - open.atMs) / 1000, trigger: open.trigger };
  }

  /** Drops `key` (the rollout is gone, or its abort needed no traffic write). */
  forget(key: string): void {
    this.#started.delete(key);
  }

  /** How many aborts are being timed. */
  get size(): number {
    return this.#started.size;
  }
}

/**
 * True when an update of a Rollout is the abort command arriving: status.abort set by someone else.
 * The controller sets abort itself when an analysis fails, always with abortedAt; a command has none.
 */
export function isAbortCommand(before: KubeObject, after: KubeObject): boolean {
  const now = (after as unknown as Rollout).status;
  return (before as unknown as Rollout).status?.abort !== true && now?.abort === true && now.abortedAt === undefined;
}

/** True when an update of a Rollout clears status.abort (a retry). */
export function isAbortCleared(before: KubeObject, after: KubeObject): boolean {
  return (before as unknown as Rollout).status?.abort === true && (after as unknown as Rollout).status?.abort !== true;
}

/** True when an update of an AnalysisRun is it turning Failed or Error (what aborts its rollout). */
export function isRunFailing(before: KubeObject, after: KubeObject): boolean {
  const was = (before as unknown as AnalysisRun).status?.phase ?? '';
  const now = (after as unknown as AnalysisRun).status?.phase ?? '';
  return !FAILING_PHASES.has(was) && FAILING_PHASES.has(now);
}
