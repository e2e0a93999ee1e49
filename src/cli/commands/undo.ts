import type { Command } from 'commander';
import { undo } from '../../ops/undo.js';
import { parseRevision } from '../argv.js';
import type { CliDeps } from '../cli-types.js';
import { println, refOf, sessionOf } from '../command-context.js';

/** `undo NAME [--to-revision N]`. */
export function registerUndo(program: Command, deps: CliDeps): void {
  program
    .command('undo')
    .description('Roll back to the previous revision (or --to-revision N) of a rollout')
    .argument('<name>', 'rollout name')
    .option('--to-revision <revision>', 'the revision to roll back to (default: the previous one)', parseRevision)
    .action(async (name: string, opts: { toRevision?: number }, cmd: Command) => {
      const session = await sessionOf(cmd, deps);
      println(deps, (await undo(session.client, refOf(session, name), { toRevision: opts.toRevision }, deps.now())).message);
    });
}
