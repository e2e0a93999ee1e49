import type { Command } from 'commander';
import type { Rollout } from '../../api/types.js';
import type { KubeObject } from '../../kube/kube-client-types.js';
import { listAll } from '../../kube/list-all.js';
import { RESOURCES } from '../../kube/resources.js';
import { listRow } from '../../view/list-row.js';
import type { CliDeps } from '../cli-types.js';
import { sessionOf } from '../command-context.js';
import { renderRolloutList } from '../render/list-text.js';

interface ListOptions {
  allNamespaces?: boolean;
  name?: string;
}

/** `list rollouts [-A] [--name NAME]`. */
export function registerList(program: Command, deps: CliDeps): void {
  const group = program.command('list').description('List rollouts');
  group
    .command('rollouts')
    .aliases(['ro', 'rollout'])
    .description("List the rollouts of a namespace (the context's, or -n), or of all namespaces with -A")
    .option('-A, --all-namespaces', 'include all namespaces')
    .option('--name <name>', 'only show the rollout with this name')
    .action(async (opts: ListOptions, cmd: Command) => {
      const session = await sessionOf(cmd, deps);
      const namespace = opts.allNamespaces ? undefined : session.namespace;
      const fieldSelector = opts.name ? `metadata.name=${opts.name}` : undefined;
      const { items } = await listAll<Rollout & KubeObject>(session.client, { resource: RESOURCES.rollouts, namespace, fieldSelector });
      if (items.length === 0) {
        deps.stderr.write('No resources found.\n');
        return;
      }
      deps.stdout.write(renderRolloutList(items.map(listRow), opts.allNamespaces === true));
    });
}
