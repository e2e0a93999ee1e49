// Errors of the command line itself, and the one mapping from errors to exit codes.
import { CommanderError } from 'commander';

/** Arguments that do not make sense ("set image x busybox": no CONTAINER=). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A command that ran to the end but reports failure, e.g. `status` seeing the rollout Degraded or
 * its timeout pass; the message goes to stderr as "Error: …".
 */
export class CommandFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailure';
  }
}

export const EXIT_OK = 0;
/** Every failure, as Argo's plugin (cobra) exits: scripts test for non-zero. */
export const EXIT_FAILURE = 1;

/** The exit code for what a command threw: commander's own (0 after --help) or 1. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  return EXIT_FAILURE;
}
