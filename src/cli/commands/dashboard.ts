// `dashboard [--port 3100] [--read-only] [--auth-token-file F]`: serves the web dashboard until Ctrl-C.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliDeps } from '../cli-types.js';
import { println, sessionOf } from '../command-context.js';
import { aborted } from '../deadline.js';
import { UsageError } from '../usage-error.js';

interface DashboardFlags {
  port: string;
  address: string;
  readOnly?: boolean;
  authTokenFile?: string;
}

function readToken(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const token = readFileSync(file, 'utf8').trim();
  if (!token) throw new UsageError(`--auth-token-file ${file} is empty`);
  return token;
}

export function registerDashboard(program: Command, deps: CliDeps): void {
  program
    .command('dashboard')
    .description('Start the web dashboard: live rollouts, steps, weights and analysis, with promote/abort/retry/restart')
    .option('-p, --port <port>', 'port to listen on', '3100')
    .option('--address <host>', 'address to listen on', '127.0.0.1')
    .option('--read-only', 'hide and refuse every action')
    .option('--auth-token-file <file>', 'require this bearer token (or the login page) for every request')
    .action(async (opts: DashboardFlags, cmd: Command) => {
      if (!/^\d+$/.test(opts.port)) throw new UsageError(`invalid argument "${opts.port}" for "--port" flag`);
      const authToken = readToken(opts.authTokenFile);
      const session = await sessionOf(cmd, deps);
      // Loaded on use: the other commands need not import the server.
      const { startDashboard } = await import('../../dashboard/server.js');
      const dashboard = await startDashboard({ client: session.client, port: Number(opts.port), host: opts.address, readOnly: opts.readOnly, authToken });
      println(deps, `Rollouts dashboard available at ${dashboard.url}${opts.readOnly ? ' (read-only)' : ''}`);
      await aborted(deps.signal);
      await dashboard.close();
    });
}
