import type { Command } from 'commander';
import type { Rollout } from '../../api/types.js';
import { watchRolloutTree, type RolloutTreeWatch } from '../../kube/watch-rollout-tree.js';
import { getRollout, rolloutNotFound, type RolloutRef } from '../../ops/rollout-ref.js';
import { rolloutPhase, type PhaseAndMessage } from '../../api/rollout-phase.js';
import { parseTimeout } from '../argv.js';
import type { CliDeps, KubeSession } from '../cli-types.js';
import { println, refOf, sessionOf } from '../command-context.js';
import { aborted, deadline } from '../deadline.js';
import { CommandFailure } from '../usage-error.js';

interface StatusOptions {
  watch: boolean;
  timeout?: string;
}

/** `status NAME [-w|--watch=false] [-t D]`: Argo's exit contract for scripts and CI. */
export function registerStatus(program: Command, deps: CliDeps): void {
  program
    .command('status')
    .description('Show the status of a rollout; by default watch it until it is Healthy (exit 0) or Degraded (exit 1)')
    .argument('<name>', 'rollout name')
    .option('-w, --watch', 'watch the status until the rollout is done (the default)')
    .option('--no-watch', 'print the status once (also --watch=false)')
    .option('-t, --timeout <duration>', 'give up (exit 1) after this long, e.g. 90s or 5m; 0 waits forever')
    .action(async (name: string, opts: StatusOptions, cmd: Command) => {
      const timeoutMs = parseTimeout(opts.timeout);
      const session = await sessionOf(cmd, deps);
      const ref = refOf(session, name);
      // One read first: a missing rollout or an unreachable API fails at once, not after retries.
      const rollout = await getRollout(session.client, ref);
      const final = opts.watch === false ? printOnce(deps, rollout) : await watchStatus(deps, session, ref, timeoutMs);
      if (final.phase === 'Degraded') throw new CommandFailure(`The rollout is in a degraded state with message: ${final.message}`);
      if (final.phase !== 'Healthy' && opts.watch !== false) throw new CommandFailure('Rollout status watch exceeded timeout');
    });
}

/** "Healthy", "Degraded", or "Paused - CanaryPauseStep": the phase, with the message while it means something. */
export function statusLine(status: PhaseAndMessage, always = false): string {
  const bare = status.phase === 'Healthy' || status.phase === 'Degraded';
  return status.message === '' || (bare && !always) ? status.phase : `${status.phase} - ${status.message}`;
}

function printOnce(deps: CliDeps, rollout: Rollout): PhaseAndMessage {
  const status = rolloutPhase(rollout);
  println(deps, statusLine(status));
  return status;
}

/**
 * Prints each new status until the rollout is Healthy or Degraded, the timeout passes or Ctrl-C;
 * returns the last status seen.
 */
async function watchStatus(deps: CliDeps, session: KubeSession, ref: RolloutRef, timeoutMs: number | undefined): Promise<PhaseAndMessage> {
  const { signal, dispose } = deadline(deps.signal, timeoutMs);
  try {
    return await watchUntilDone(deps, session, ref, signal);
  } finally {
    dispose();
  }
}

async function watchUntilDone(deps: CliDeps, session: KubeSession, ref: RolloutRef, signal: AbortSignal): Promise<PhaseAndMessage> {
  // Until the first update arrives, the rollout counts as still progressing.
  let last: PhaseAndMessage = { phase: 'Progressing', message: '' };
  let printed = '';
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const see = (status: PhaseAndMessage): void => {
    last = status;
    const line = statusLine(status, true);
    if (line !== printed) println(deps, line);
    printed = line;
    if (status.phase === 'Healthy' || status.phase === 'Degraded') finish();
  };
  let watch: RolloutTreeWatch;
  try {
    watch = await watchRolloutTree({ client: session.client, ref, signal, rolloutOnly: true, onChange: (tree) => tree && see(rolloutPhase(tree.rollout)) });
  } catch (err) {
    // The timeout (or Ctrl-C) came before the first list: nothing was seen.
    if (signal.aborted) return last;
    throw err;
  }
  const initial = watch.current();
  if (!initial) {
    await watch.stop();
    throw rolloutNotFound(ref);
  }
  see(rolloutPhase(initial.rollout));
  await Promise.race([done, aborted(signal)]);
  await watch.stop();
  return last;
}
