import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** json for machines (default), text for a terminal. */
  format?: 'json' | 'text';
  name?: string;
}

// Header values, tokens and secret-backed arguments never reach a log line.
const REDACT = ['headers', '*.headers', 'authorization', '*.authorization', 'token', '*.token', 'password', '*.password', 'apiKey', '*.apiKey', 'appKey', '*.appKey', 'secret', '*.secret'];

/** The one root logger of a process; children carry per-reconcile fields. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', name: options.name, redact: { paths: REDACT, censor: '[redacted]' } };
  if (options.format === 'text') {
    return pino({ ...base, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, pino.destination({ dest: 2, sync: true }));
  }
  return pino({ ...base, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 2, sync: false }));
}
