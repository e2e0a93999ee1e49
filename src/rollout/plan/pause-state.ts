import type { DateTime } from 'luxon';
import type { PauseCondition, PauseReason, Rollout, RolloutStatus } from '../../api/types.js';
import { rfc3339 } from './time-format.js';

/**
 * Pause and abort decisions gathered during one plan, applied to the new status at the end (Argo's
 * pauseContext). Outside commands arrive as status fields: clearing pauseConditions is a promote,
 * status.abort is an abort.
 */
export class PauseState {
  readonly #rollout: Rollout;
  #add: PauseReason[] = [];
  #remove: PauseReason[] = [];
  #clear = false;
  #addAbort = false;
  #removeAbort = false;
  abortMessage = '';

  constructor(rollout: Rollout) {
    this.#rollout = rollout;
  }

  get hasAddPause(): boolean {
    return this.#add.length > 0;
  }

  /** Whether the rollout is (or is about to be) aborted. */
  isAborted(): boolean {
    if (this.#removeAbort) return false;
    return this.#addAbort || this.#rollout.status?.abort === true;
  }

  addAbort(message: string): void {
    this.#addAbort = true;
    this.abortMessage = message;
  }

  removeAbort(): void {
    this.#removeAbort = true;
  }

  addPause(reason: PauseReason): void {
    this.#add.push(reason);
  }

  removePause(reason: PauseReason): void {
    this.#remove.push(reason);
  }

  clearPauses(): void {
    this.#clear = true;
  }

  /** Writes abort, abortedAt, pauseConditions and controllerPause into the new status. */
  applyTo(status: RolloutStatus, now: DateTime): void {
    if (this.#applyAbort(status, now)) return;
    if (this.#clear) return;
    this.#applyPauses(status, now);
  }

  #applyAbort(status: RolloutStatus, now: DateTime): boolean {
    if (this.#addAbort || (!this.#removeAbort && this.#rollout.status?.abort === true)) {
      status.abort = true;
      status.abortedAt = this.#rollout.status?.abortedAt ?? rfc3339(now);
      return true;
    }
    delete status.abort;
    delete status.abortedAt;
    return false;
  }

  #applyPauses(status: RolloutStatus, now: DateTime): void {
    let controllerPause = this.#rollout.status?.controllerPause ?? false;
    const existing = this.#rollout.status?.pauseConditions ?? [];
    const kept: PauseCondition[] = existing.filter((c) => !this.#remove.includes(c.reason));
    for (const reason of this.#add) {
      if (existing.some((c) => c.reason === reason) || kept.some((c) => c.reason === reason)) continue;
      kept.push({ reason, startTime: rfc3339(now) });
      controllerPause = true;
    }
    // The new status starts without pause fields, so with no pause left controllerPause goes too
    // (but for a promote under a manual pause).
    if (kept.length === 0) {
      this.#keepPromoteUnderManualPause(status, controllerPause);
      return;
    }
    status.controllerPause = controllerPause;
    status.pauseConditions = kept;
  }

  /**
   * Under a manual pause a promote (conditions cleared, controllerPause still set) cannot complete
   * the step yet: controllerPause is kept for when spec.paused goes. Argo drops it, and so pauses the
   * step again when a reconcile falls between the two patches of Argo CD's resume or the plugin's
   * promote (status, then spec). E.g. at step 1 and paused by hand, conditions cleared →
   * controllerPause stays → once unpaused, step 1 completes.
   */
  #keepPromoteUnderManualPause(status: RolloutStatus, controllerPause: boolean): void {
    if (controllerPause && this.#rollout.spec.paused === true) status.controllerPause = true;
  }
}

/** The pause condition with this reason, if any. */
export function pauseConditionOf(rollout: Rollout, reason: PauseReason): PauseCondition | undefined {
  return rollout.status?.pauseConditions?.find((c) => c.reason === reason);
}
