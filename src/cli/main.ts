#!/usr/bin/env node
// kubectl-rollouts: on the PATH it makes `kubectl rollouts …` work.
import { DateTime } from 'luxon';
import type { CliDeps } from './cli-types.js';
import { packageVersion } from './package-version.js';
import { runCli } from './run-cli.js';

const stop = new AbortController();
// The first Ctrl-C ends a watch cleanly; a second one exits at once.
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  });
}

const version = packageVersion();
const deps: CliDeps = {
  stdout: { write: (s) => void process.stdout.write(s) },
  stderr: { write: (s) => void process.stderr.write(s) },
  isTTY: process.stdout.isTTY === true,
  env: process.env,
  // Loaded on first use: the Kubernetes client takes most of a second to import, which `version`
  // and `--help` need not wait for.
  connect: async (globals) => (await import('./session.js')).connectKube(globals, version),
  now: () => DateTime.utc(),
  signal: stop.signal,
  version,
};

process.exitCode = await runCli(process.argv.slice(2), deps);
// Idle keep-alive connections would hold the process open for seconds after the work is done.
process.stdout.write('', () => process.exit());
