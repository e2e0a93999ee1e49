import type { DateTime } from 'luxon';
import type { Pod } from '../api/kube-types.js';
import { ageOf } from './human-duration.js';
import { podIcon } from './icons.js';
import { metaOf } from './object-meta.js';
import type { PodInfo } from './view-types.js';

interface ContainerState {
  waiting?: { reason?: string };
  running?: unknown;
  terminated?: { reason?: string; exitCode?: number; signal?: number };
}

interface ContainerStatusView {
  name: string;
  ready: boolean;
  restartCount: number;
  started?: boolean;
  state?: ContainerState;
}

/** The pod fields the STATUS column reads; the API's Pod type is a subset, so any Pod fits. */
export interface PodView {
  metadata: Pod['metadata'];
  spec?: { containers?: { name: string }[]; initContainers?: { name: string; restartPolicy?: string }[] };
  status?: {
    phase?: string;
    reason?: string;
    containerStatuses?: ContainerStatusView[];
    initContainerStatuses?: ContainerStatusView[];
  };
}

/** A pod as `kubectl get pods` summarises it: status reason, ready containers, restarts and age. */
export function podInfo(pod: PodView, now: DateTime): PodInfo {
  const init = initStatus(pod);
  const main = init === undefined ? containersStatus(pod) : { reason: init.reason, ready: 0, restarts: init.restarts };
  const status = deletionStatus(pod) ?? main.reason;
  const meta = metaOf(pod);
  return {
    name: meta.name,
    status,
    icon: podIcon(status),
    ready: `${main.ready}/${(pod.spec?.containers ?? []).length}`,
    restarts: main.restarts,
    creationTimestamp: meta.creationTimestamp,
    age: ageOf(meta.creationTimestamp, now),
  };
}

// A pod being deleted says so, or Unknown when its node is lost (it may never confirm).
function deletionStatus(pod: PodView): string | undefined {
  if (!pod.metadata.deletionTimestamp) return undefined;
  return pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
}

function baseReason(pod: PodView): string {
  return pod.status?.reason || (pod.status?.phase ?? '');
}

/**
 * While an init container has not finished, the pod's status is about it: "Init:Error",
 * "Init:ExitCode:1", "Init:CrashLoopBackOff" or "Init:1/2". Undefined once all are done, and also
 * at a started sidecar (an init container with restartPolicy Always) that is not ready yet: from
 * there on the pod's own containers tell its status.
 */
function initStatus(pod: PodView): { reason: string; restarts: number } | undefined {
  const statuses = pod.status?.initContainerStatuses ?? [];
  const declared = pod.spec?.initContainers ?? [];
  const sidecars = new Set(declared.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  let restarts = 0;
  for (const [i, c] of statuses.entries()) {
    restarts += c.restartCount;
    const verdict = initContainerVerdict(c, sidecars.has(c.name), `Init:${i}/${declared.length}`);
    if (verdict === 'done') continue;
    return verdict === 'main' ? undefined : { reason: verdict, restarts };
  }
  return undefined;
}

function initContainerVerdict(c: ContainerStatusView, sidecar: boolean, counter: string): string {
  const state: ContainerState = c.state ?? {};
  if (state.terminated) return state.terminated.exitCode ? `Init:${terminationReason(state.terminated)}` : 'done';
  if (sidecar && c.started === true) return c.ready ? 'done' : 'main';
  const waiting = state.waiting?.reason;
  if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
  return counter;
}

function terminationReason(t: { reason?: string; exitCode?: number; signal?: number }): string {
  if (t.reason) return t.reason;
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`;
}

/** The last container with something to say wins, as kubectl prints it. */
function containersStatus(pod: PodView): { reason: string; ready: number; restarts: number } {
  let reason = baseReason(pod);
  let ready = 0;
  let restarts = 0;
  let running = false;
  const statuses = pod.status?.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    restarts += c.restartCount;
    const said = containerReason(c.state);
    if (said !== undefined) reason = said;
    else if (c.ready && c.state?.running !== undefined) {
      running = true;
      ready++;
    }
  }
  // A pod whose other container still runs is not Completed yet.
  if (reason === 'Completed' && running) reason = 'Running';
  return { reason, ready, restarts };
}

function containerReason(state: ContainerState | undefined): string | undefined {
  if (state?.waiting?.reason) return state.waiting.reason;
  if (state?.terminated) return terminationReason(state.terminated);
  return undefined;
}
