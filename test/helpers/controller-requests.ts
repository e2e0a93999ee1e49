import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

// Every simulator a test stops leaves the controller's API requests (group, resource, verb) in
// test-output/controller-requests/, for the RBAC test to hold against deploy/'s ClusterRole.

/** The controller's User-Agent prefix (src/kube/kube-transport.ts defaultUserAgent). */
export const CONTROLLER_USER_AGENT = 'rollouts-controller/';

/** One distinct request line of rollouts-sim's request log (src/sim/request-log.ts). */
export interface RecordedRequest {
  verb: string;
  group: string;
  resource: string;
  /** '' for cluster-scoped kinds and requests across all namespaces. */
  namespace: string;
  subresource: string;
  code: number;
  count: number;
}

/** Where the records go: test-output/controller-requests under the repository root. */
export function controllerRequestsDir(root: string): string {
  return join(root, 'test-output', 'controller-requests');
}

/** The controller's requests as one simulator counted them. */
export async function fetchControllerRequests(simUrl: string): Promise<RecordedRequest[]> {
  const res = await fetch(`${simUrl}/_sim/requests?userAgent=${encodeURIComponent(CONTROLLER_USER_AGENT)}`);
  const body = (await res.json()) as { entries?: RecordedRequest[] };
  return (body.entries ?? []).map(({ verb, group, resource, namespace, subresource, code, count }) => ({ verb, group, resource, namespace, subresource, code, count }));
}

/**
 * Saves a simulator's controller requests before it stops; nothing when no controller talked to it.
 * Best effort: a simulator that no longer answers leaves no file and fails no test.
 */
export async function saveControllerRequests(options: { root: string; simUrl: string; simDir: string }): Promise<void> {
  try {
    // A watch is counted when its stream closes: give the ones a killed controller dropped a moment.
    await new Promise((r) => setTimeout(r, 100));
    const entries = await fetchControllerRequests(options.simUrl);
    if (entries.length === 0) return;
    const dir = controllerRequestsDir(options.root);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${basename(options.simDir)}.json`), `${JSON.stringify(entries)}\n`);
  } catch {
    // The record is an extra for the RBAC test; a test's own teardown must not fail on it.
  }
}

/** Every saved record, by file name. */
export function readSavedControllerRequests(root: string): Map<string, RecordedRequest[]> {
  const dir = controllerRequestsDir(root);
  const out = new Map<string, RecordedRequest[]>();
  // No directory yet: no integration test has stopped a simulator since the last clean.
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    try {
      out.set(file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as RecordedRequest[]);
    } catch {
      // A file still being written by a parallel test: skipped.
    }
  }
  return out;
}
