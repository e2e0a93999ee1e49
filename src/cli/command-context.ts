import type { Command } from 'commander';
import type { RolloutRef } from '../ops/rollout-ref.js';
import type { CliDeps, GlobalOptions, KubeSession } from './cli-types.js';

/** The session for a command, from the global flags wherever they were written on the line. */
export function sessionOf(cmd: Command, deps: CliDeps): Promise<KubeSession> {
  const { kubeconfig, context, namespace } = cmd.optsWithGlobals<GlobalOptions>();
  return deps.connect({ kubeconfig, context, namespace });
}

/** The rollout `name` in the session's namespace. */
export function refOf(session: KubeSession, name: string): RolloutRef {
  return { namespace: session.namespace, name };
}

/** Writes a line to stdout. */
export function println(deps: CliDeps, line: string): void {
  deps.stdout.write(`${line}\n`);
}
