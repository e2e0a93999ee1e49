import type { Command } from 'commander';
import type { CliDeps } from '../cli-types.js';
import { bashCompletion, completionEntries, zshCompletion } from '../render/completion-script.js';
import { UsageError } from '../usage-error.js';

const SHELLS = { bash: bashCompletion, zsh: zshCompletion } as const;

/** `completion bash|zsh`: prints the completion script for the whole command tree. */
export function registerCompletion(program: Command, deps: CliDeps): void {
  program
    .command('completion')
    .description('Print a shell completion script (bash or zsh)')
    .argument('<shell>', 'bash or zsh')
    .addHelpText('after', '\nExamples:\n  # Load completion in this shell\n  source <(kubectl rollouts completion bash)')
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`unsupported shell "${shell}": use bash or zsh`);
      deps.stdout.write(SHELLS[shell](completionEntries(program)));
    });
}
