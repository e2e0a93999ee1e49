import type { Command } from 'commander';
import type { CliDeps } from '../cli-types.js';
import { println } from '../command-context.js';

/** `version [--short]`: the plugin's version and what it runs on. */
export function registerVersion(program: Command, deps: CliDeps): void {
  program
    .command('version')
    .description('Print the version of the plugin')
    .option('--short', 'print just the version number')
    .action((opts: { short?: boolean }) => {
      println(deps, `kubectl-rollouts: v${deps.version}`);
      if (opts.short) return;
      println(deps, `  NodeVersion: ${process.version}`);
      println(deps, `  Platform: ${process.platform}/${process.arch}`);
    });
}
