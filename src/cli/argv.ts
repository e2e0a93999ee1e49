// Reading arguments the way cobra/pflag reads them, where commander differs.
import { tryParseDurationString } from '../api/duration.js';
import { UsageError } from './usage-error.js';

// Boolean flags that may be written --flag=true / --flag=false, as pflag allows. "watch" can be
// turned off that way (status watches by default); the others default to false.
const NEGATABLE = new Set(['watch']);
const BOOLEANS = new Set(['watch', 'full', 'no-color', 'all-namespaces', 'short', 'skip-current-step', 'skip-all-steps']);
const SHORT_BOOLEANS: Readonly<Record<string, string>> = { w: 'watch', A: 'all-namespaces', c: 'skip-current-step', a: 'skip-all-steps' };

/**
 * Rewrites pflag's `--watch=false` / `-w=false` / `--full=true` into what commander reads:
 * `--no-watch`, `--full`, and nothing for a false that is the default anyway.
 */
export function normalizeBooleanFlags(argv: readonly string[]): string[] {
  return argv.flatMap((arg) => {
    const m = /^(--?)([A-Za-z-]+)=(true|false)$/.exec(arg);
    if (!m) return [arg];
    const name = m[1] === '-' ? SHORT_BOOLEANS[m[2] ?? ''] : m[2];
    if (name === undefined || !BOOLEANS.has(name)) return [arg];
    if (m[3] === 'true') return [`--${name}`];
    return NEGATABLE.has(name) ? [`--no-${name}`] : [];
  });
}

/** `--timeout 90s` → milliseconds; "0" (or unset) → undefined, meaning no limit. */
export function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = tryParseDurationString(text);
  if (!parsed.ok) throw new UsageError(`invalid argument "${text}" for "-t, --timeout" flag: ${parsed.message}`);
  const ms = parsed.value.toMillis();
  return ms > 0 ? ms : undefined;
}

/** `--to-revision 3` → 3; only whole numbers ≥ 0. */
export function parseRevision(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`invalid argument "${text}" for "--to-revision" flag: must be a whole number ≥ 0`);
  return Number.parseInt(text, 10);
}

/** `--timeout-seconds 60` → 60. */
export function parseSeconds(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`invalid argument "${text}" for "--timeout-seconds" flag: must be a whole number of seconds`);
  return Number.parseInt(text, 10);
}

/** `app=registry/app:2.0` → container "app", image "registry/app:2.0"; "*=image" sets every container. */
export function parseContainerImage(text: string): { container: string; image: string } {
  const parts = text.split('=');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new UsageError(`expected CONTAINER=IMAGE (or *=IMAGE), got "${text}"`);
  return { container: parts[0], image: parts[1] };
}
