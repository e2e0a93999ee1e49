import { Command } from 'commander';
import type { CliDeps } from './cli-types.js';
import { registerCompletion } from './commands/completion.js';
import { registerCreate } from './commands/create.js';
import { registerDashboard } from './commands/dashboard.js';
import { registerGet } from './commands/get.js';
import { registerLint } from './commands/lint.js';
import { registerList } from './commands/list.js';
import { registerAbort, registerPause, registerPromote, registerRestart, registerRetry } from './commands/operations.js';
import { registerSet } from './commands/set-image.js';
import { registerStatus } from './commands/status.js';
import { registerUndo } from './commands/undo.js';
import { registerVersion } from './commands/version.js';

const EXAMPLES = `
Examples:
  # Show a rollout and watch it progress
  kubectl rollouts get rollout checkout -w

  # Leave the current pause, or skip every remaining step
  kubectl rollouts promote checkout
  kubectl rollouts promote checkout --full

  # Go back to the stable version, then try again
  kubectl rollouts abort checkout
  kubectl rollouts retry rollout checkout

  # Wait in CI until the rollout is Healthy (exit 0) or Degraded (exit 1)
  kubectl rollouts status checkout --timeout 10m`;

/** The `kubectl rollouts` command tree. Errors are thrown (never process.exit): runCli maps them. */
export function buildProgram(deps: CliDeps): Command {
  const program = new Command('kubectl rollouts')
    .description('Manage progressive rollouts (Argo Rollouts compatible)')
    .option('--kubeconfig <path>', 'path to the kubeconfig file to use')
    .option('--context <name>', 'the kubeconfig context to use')
    .option('-n, --namespace <namespace>', "the namespace (default: the context's, else \"default\")")
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => deps.stdout.write(s), writeErr: (s) => deps.stderr.write(s) });
  registerGet(program, deps);
  registerList(program, deps);
  registerStatus(program, deps);
  registerPromote(program, deps);
  registerAbort(program, deps);
  registerRetry(program, deps);
  registerPause(program, deps);
  registerRestart(program, deps);
  registerSet(program, deps);
  registerUndo(program, deps);
  registerLint(program, deps);
  registerDashboard(program, deps);
  registerCreate(program, deps);
  registerCompletion(program, deps);
  registerVersion(program, deps);
  return program;
}
