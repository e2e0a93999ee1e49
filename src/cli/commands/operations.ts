// The commands that change a rollout: each parses its arguments, calls the operation of src/ops
// and prints the operation's message, as Argo's plugin prints it.
import type { Command } from 'commander';
import { abort } from '../../ops/abort.js';
import { pause } from '../../ops/pause.js';
import { promote } from '../../ops/promote.js';
import { restart } from '../../ops/restart.js';
import { retry } from '../../ops/retry.js';
import type { OpResult, RolloutRef } from '../../ops/rollout-ref.js';
import type { KubeClient } from '../../kube/kube-client-types.js';
import type { CliDeps } from '../cli-types.js';
import { println, refOf, sessionOf } from '../command-context.js';

type SimpleOp = (client: KubeClient, ref: RolloutRef) => Promise<OpResult>;

/** Runs an operation on each named rollout in turn, stopping at the first failure (as Argo). */
async function runEach(cmd: Command, deps: CliDeps, names: string[], op: SimpleOp): Promise<void> {
  const session = await sessionOf(cmd, deps);
  for (const name of names) println(deps, (await op(session.client, refOf(session, name))).message);
}

/** `promote NAME [--full]` (and Argo's deprecated --skip-current-step / --skip-all-steps). */
export function registerPromote(program: Command, deps: CliDeps): void {
  program
    .command('promote')
    .description('Promote a rollout: leave the current pause or step, or with --full skip every remaining step')
    .argument('<name>', 'rollout name')
    .option('--full', 'perform a full promotion, skipping analysis, pauses and steps')
    .option('-c, --skip-current-step', 'deprecated: use promote without flags')
    .option('-a, --skip-all-steps', 'deprecated: use --full')
    .action(async (name: string, opts: { full?: boolean; skipCurrentStep?: boolean; skipAllSteps?: boolean }, cmd: Command) => {
      if (opts.skipCurrentStep) deps.stderr.write('Flag --skip-current-step has been deprecated, use without the flag instead ex: promote ROLLOUT_NAME\n');
      if (opts.skipAllSteps) deps.stderr.write('Flag --skip-all-steps has been deprecated, use --full instead\n');
      const session = await sessionOf(cmd, deps);
      const result = await promote(session.client, refOf(session, name), { full: opts.full, skipCurrentStep: opts.skipCurrentStep, skipAllSteps: opts.skipAllSteps }, deps.now());
      println(deps, result.message);
    });
}

/** `abort NAME...`. */
export function registerAbort(program: Command, deps: CliDeps): void {
  program
    .command('abort')
    .description('Abort a rollout: send all traffic back to the stable version (spec.template keeps the new one)')
    .argument('<names...>', 'rollout names')
    .action((names: string[], _opts: unknown, cmd: Command) => runEach(cmd, deps, names, (client, ref) => abort(client, ref)));
}

/** `pause NAME...`. */
export function registerPause(program: Command, deps: CliDeps): void {
  program
    .command('pause')
    .description("Pause a rollout (sets spec.paused to 'true')")
    .argument('<names...>', 'rollout names')
    .action((names: string[], _opts: unknown, cmd: Command) => runEach(cmd, deps, names, (client, ref) => pause(client, ref)));
}

/** `retry rollout NAME...`. */
export function registerRetry(program: Command, deps: CliDeps): void {
  const group = program.command('retry').description('Retry an aborted rollout');
  group
    .command('rollout')
    .aliases(['ro', 'rollouts'])
    .description('Retry an aborted rollout')
    .argument('<names...>', 'rollout names')
    .action((names: string[], _opts: unknown, cmd: Command) => runEach(cmd, deps, names, (client, ref) => retry(client, ref)));
}

/** `restart NAME [--in D]`. */
export function registerRestart(program: Command, deps: CliDeps): void {
  program
    .command('restart')
    .description('Restart the pods of a rollout')
    .argument('<name>', 'rollout name')
    .option('-i, --in <duration>', 'amount of time before the restart (e.g. 30s, 5m, 1h)')
    .action(async (name: string, opts: { in?: string }, cmd: Command) => {
      const session = await sessionOf(cmd, deps);
      println(deps, (await restart(session.client, refOf(session, name), { in: opts.in }, deps.now())).message);
    });
}
