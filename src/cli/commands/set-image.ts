import type { Command } from 'commander';
import { setImage } from '../../ops/set-image.js';
import { parseContainerImage } from '../argv.js';
import type { CliDeps } from '../cli-types.js';
import { println, refOf, sessionOf } from '../command-context.js';

/** `set image NAME CONTAINER=IMAGE` (CONTAINER may be "*"; init and ephemeral containers count). */
export function registerSet(program: Command, deps: CliDeps): void {
  const group = program.command('set').description('Update various values on resources');
  group
    .command('image')
    .description('Update the image of a rollout')
    .argument('<name>', 'rollout name')
    .argument('<container=image>', 'container name (or *) and the new image')
    .action(async (name: string, assignment: string, _opts: unknown, cmd: Command) => {
      const change = parseContainerImage(assignment);
      const session = await sessionOf(cmd, deps);
      println(deps, (await setImage(session.client, refOf(session, name), change, deps.now())).message);
    });
}
