import type { Command } from 'commander';
import { formatSpecError } from '../../api/field-error.js';
import { lintManifest } from '../../api/lint-manifest.js';
import { readManifests } from '../../kube/apply-manifests.js';
import type { CliDeps } from '../cli-types.js';
import { println } from '../command-context.js';
import { CommandFailure } from '../usage-error.js';

/**
 * `lint -f FILE`: checks every document of the file offline, prints each error with its object and
 * path, and fails with the first one (exit 1), as Argo's lint does. Silent when all is well.
 */
export function registerLint(program: Command, deps: CliDeps): void {
  program
    .command('lint')
    .description('Lint and validate a Rollout (and the other Argo kinds in the file), offline')
    .requiredOption('-f, --filename <file>', 'file to lint')
    .addHelpText('after', '\nExamples:\n  # Lint a rollout\n  kubectl rollouts lint -f my-rollout.yaml')
    .action((opts: { filename: string }) => {
      const lines = readManifests(opts.filename)
        .map(lintManifest)
        .flatMap((result) => result.errors.map((e) => `${result.object}: ${formatSpecError(e)}`));
      for (const line of lines) println(deps, line);
      if (lines.length > 0) throw new CommandFailure(lines.length === 1 ? lines[0] : `${lines[0]} (and ${lines.length - 1} more)`);
    });
}
