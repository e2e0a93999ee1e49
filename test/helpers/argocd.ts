import { DateTime } from 'luxon';
import type { Rollout } from '../../src/api/types.js';
import { argoCdActionPatches, type ArgoCdAction } from '../../src/ops/argocd-actions.js';
import { argocdHealth, type ArgoCdHealth } from '../../src/ops/argocd-health.js';
import { eventually, type RunningSim } from './sim-process.js';

/** The whole Rollout as kubectl reads it (what Argo CD's health script and actions are given). */
export async function readRollout(sim: RunningSim, name: string): Promise<Rollout> {
  const got = await sim.kubectl(['get', 'rollout', name, '-o', 'json']);
  if (got.code !== 0) throw new Error(`kubectl get rollout ${name} failed: ${got.stderr}`);
  return JSON.parse(got.stdout) as Rollout;
}

/** Waits until Argo CD's health of the rollout passes `check`; returns the health and the object it was read from. */
export function healthUntil(sim: RunningSim, name: string, check: (h: ArgoCdHealth, r: Rollout) => boolean, timeoutMs = 15_000): Promise<{ health: ArgoCdHealth; rollout: Rollout }> {
  return eventually(async () => {
    const rollout = await readRollout(sim, name);
    const health = argocdHealth(rollout);
    return check(health, rollout) ? { health, rollout } : undefined;
  }, `${name}: Argo CD health`, timeoutMs);
}

/** What Argo CD's script says of a rollout written by a controller older than v1.0 (no status.phase or message). */
export function legacyHealth(rollout: Rollout): ArgoCdHealth {
  const copy = structuredClone(rollout);
  if (copy.status) {
    delete copy.status.phase;
    delete copy.status.message;
  }
  return argocdHealth(copy);
}

/**
 * Runs an Argo CD action as Argo CD does: reads the live object, runs the action, and sends the
 * merge patch's status part to the status subresource and the rest to the rollout, with kubectl.
 * Returns the patches sent.
 */
export async function runArgoCdActionWithKubectl(sim: RunningSim, name: string, action: ArgoCdAction): Promise<ReturnType<typeof argoCdActionPatches>> {
  const patches = argoCdActionPatches(action, await readRollout(sim, name), DateTime.utc());
  if (patches.status) await kubectlPatch(sim, ['patch', 'rollout', name, '--type', 'merge', '--subresource', 'status', '-p', JSON.stringify(patches.status)]);
  if (patches.spec) await kubectlPatch(sim, ['patch', 'rollout', name, '--type', 'merge', '-p', JSON.stringify(patches.spec)]);
  return patches;
}

async function kubectlPatch(sim: RunningSim, args: string[]): Promise<void> {
  const result = await sim.kubectl(args);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
}

/**
 * The state two rollouts are compared on, free of their names and hashes: phase, message, Argo CD
 * health, step index, pause reasons, controllerPause, abort and promoteFull (absent = false), and
 * replicas per image tag, e.g. { ':1': 6, ':2': 2 }.
 */
export interface ComparableState {
  phase?: string;
  message?: string;
  health: ArgoCdHealth;
  currentStepIndex?: number;
  pauseReasons: string[];
  controllerPause: boolean;
  abort: boolean;
  promoteFull: boolean;
  manuallyPaused: boolean;
  replicasByTag: Record<string, number>;
}

export async function comparableState(sim: RunningSim, name: string): Promise<ComparableState> {
  const rollout = await readRollout(sim, name);
  const status = rollout.status ?? {};
  const sets = JSON.parse((await sim.kubectl(['get', 'rs', '-l', `app=${name}`, '-o', 'json'])).stdout) as { items: { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }[] };
  const replicasByTag: Record<string, number> = {};
  for (const rs of sets.items) replicasByTag[rs.spec.template.spec.containers[0].image.replace(/^[^:]*/, '')] = rs.spec.replicas;
  const anonymous = (text: string | undefined): string | undefined => text?.replaceAll(name, 'NAME').replace(/NAME-[a-z0-9]+/g, 'NAME-HASH');
  const health = argocdHealth(rollout);
  return {
    phase: status.phase,
    message: anonymous(status.message),
    health: { ...health, message: anonymous(health.message) ?? '' },
    currentStepIndex: status.currentStepIndex,
    pauseReasons: (status.pauseConditions ?? []).map((c) => c.reason),
    controllerPause: status.controllerPause === true,
    abort: status.abort === true,
    promoteFull: status.promoteFull === true,
    manuallyPaused: rollout.spec.paused === true,
    replicasByTag,
  };
}

/** The comparable state once it has held still for three reads 400 ms apart and passes `check`. */
export function settledState(sim: RunningSim, name: string, check: (s: ComparableState) => boolean, timeoutMs = 20_000): Promise<ComparableState> {
  let previous = '';
  let same = 0;
  return eventually(async () => {
    await new Promise((r) => setTimeout(r, 400));
    const state = await comparableState(sim, name);
    const text = JSON.stringify(state);
    same = text === previous ? same + 1 : 0;
    previous = text;
    if (same < 2) return undefined;
    // Thrown, not returned: eventually reports the last state when it times out.
    if (!check(state)) throw new Error(`settled elsewhere: ${text}`);
    return state;
  }, `${name}: a settled state`, timeoutMs);
}
