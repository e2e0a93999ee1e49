/** Stable codes that entry points map to exit codes and that logs and events carry. */
export type ErrorCode =
  | 'ROLLOUT_INVALID_SPEC'
  | 'ROLLOUT_REPLICASET_REFUSED'
  | 'ANALYSIS_BAD_CONDITION'
  | 'PROVIDER_UNREACHABLE'
  | 'KUBE_CONFLICT'
  | 'KUBE_NOT_FOUND'
  | 'KUBE_REQUEST_FAILED'
  | 'CONFIG_INVALID'
  | 'MANIFEST_INVALID';

/** An error that names what failed, with a stable code and the underlying cause. */
export class RolloutsError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'RolloutsError';
  }
}

/** The message of anything thrown, for logs and CLI output. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
