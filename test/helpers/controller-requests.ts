import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

// Every simulator a test stops leaves the controller's API requests (group, resource, verb) in
// test-output/controller-requests/, for the RBAC test to hold against deploy/'s ClusterRole. Only
// simulators a controller process ran against leave one (some tests drive our kube client in-process,
// with the controller's User-Agent), together with the namespace each controller counted as its own.

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

/** What one simulator saw: the controllers' own namespaces (POD_NAMESPACE) and their requests. */
export interface SavedRecord {
  controllerNamespaces: string[];
  requests: RecordedRequest[];
}

const MARKER = 'controller-namespaces';

/** Notes in the simulator's folder that a controller with this POD_NAMESPACE runs against it. */
export function markControllerStarted(simDir: string, controllerNamespace: string): void {
  appendFileSync(join(simDir, MARKER), `${controllerNamespace}\n`);
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
    const marker = join(options.simDir, MARKER);
    // No controller process ran here: requests with its User-Agent came from a test's own client.
    if (!existsSync(marker)) return;
    // A watch is counted when its stream closes: give the ones a killed controller dropped a moment.
    await new Promise((r) => setTimeout(r, 100));
    const record: SavedRecord = { controllerNamespaces: [...new Set(readFileSync(marker, 'utf8').split('\n').filter(Boolean))], requests: await fetchControllerRequests(options.simUrl) };
    const dir = controllerRequestsDir(options.root);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${basename(options.simDir)}.json`), `${JSON.stringify(record)}\n`);
  } catch {
    // The record is an extra for the RBAC test; a test's own teardown must not fail on it.
  }
}

/** Every saved record, by file name. */
export function readSavedControllerRequests(root: string): Map<string, SavedRecord> {
  const dir = controllerRequestsDir(root);
  const out = new Map<string, SavedRecord>();
  // No directory yet: no integration test has stopped a simulator since the last clean.
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    try {
      const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Partial<SavedRecord>;
      if (Array.isArray(record.requests) && Array.isArray(record.controllerNamespaces)) out.set(file, record as SavedRecord);
    } catch {
      // A file still being written by a parallel test (or of an older format): skipped.
    }
  }
  return out;
}
