import { CommanderError } from 'commander';
import { normalizeBooleanFlags } from './argv.js';
import type { CliDeps } from './cli-types.js';
import { cliErrorMessage } from './error-message.js';
import { buildProgram } from './program.js';
import { EXIT_OK, exitCodeFor } from './usage-error.js';

/**
 * Runs one `kubectl rollouts` command line and returns its exit code: the one place where errors
 * become "Error: …" on stderr and a code (0 ok, 1 any failure, as Argo's plugin).
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  try {
    await buildProgram(deps).parseAsync(normalizeBooleanFlags(argv), { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    // Commander has already printed its own message (or the help).
    if (!(err instanceof CommanderError)) deps.stderr.write(`Error: ${cliErrorMessage(err)}\n`);
    return exitCodeFor(err);
  }
}
