import type { DateTime } from 'luxon';
import type { KubeClient } from '../kube/kube-client-types.js';

/** Somewhere text goes: process.stdout, or a buffer in tests. */
export interface Output {
  write(text: string): void;
}

/** The flags every command takes, as kubectl spells them. */
export interface GlobalOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

/** A connection to a cluster and the namespace commands act in. */
export interface KubeSession {
  client: KubeClient;
  namespace: string;
}

/** Everything the CLI touches outside itself, so tests can hand in their own. */
export interface CliDeps {
  stdout: Output;
  stderr: Output;
  /** Whether stdout is a terminal (colours and in-place redraws). */
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Connects with the global flags; called only by commands that talk to the API. */
  connect(globals: GlobalOptions): Promise<KubeSession>;
  now(): DateTime;
  /** Aborts on Ctrl-C / SIGTERM: watches end and the command returns. */
  signal: AbortSignal;
  version: string;
}
