import { isJsonObject, objectAt, str, type JsonObject } from '../json.js';
import { timestamp } from '../names.js';
import { namespacedNameOf } from '../object-meta.js';
import type { StoredEvent } from '../store.js';
import { isDeleting, keyOf, KEYS, meta, type ClusterContext, type ClusterController } from './context.js';
import { KeyQueue, splitKey } from './key-queue.js';
import { controllerRef } from './owner-index.js';

/** Annotations (on a pod template or pod) that make simulated pods misbehave, for failure tests. */
export const POD_ANNOTATIONS = {
  /** "false": the pod runs but never becomes Ready. */
  ready: 'rollouts-sim.dev/ready',
  /** "true": the container crashes on start and the pod sits in CrashLoopBackOff. */
  crash: 'rollouts-sim.dev/crash',
  /** Seconds until this pod is Ready, overriding --pod-ready-seconds. */
  readySeconds: 'rollouts-sim.dev/ready-seconds',
  /** Job pods: "Failed" makes the pod (and so the Job attempt) fail; default "Succeeded". */
  jobResult: 'rollouts-sim.dev/job-result',
  /** Job pods: seconds the pod runs before it finishes, overriding --job-seconds. */
  jobSeconds: 'rollouts-sim.dev/job-seconds',
} as const;

function annotation(pod: JsonObject, key: string): string | undefined {
  const a = meta(pod).annotations;
  const v = isJsonObject(a) ? a[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function containers(pod: JsonObject): JsonObject[] {
  const c = objectAt(pod, 'spec').containers;
  return Array.isArray(c) ? c.filter(isJsonObject) : [];
}

function isJobPod(pod: JsonObject): boolean {
  return controllerRef(pod)?.kind === 'Job' || objectAt(pod, 'spec').restartPolicy === 'Never' || objectAt(pod, 'spec').restartPolicy === 'OnFailure';
}

type Stage = 'pending' | 'running' | 'done';

function stageOf(pod: JsonObject): Stage {
  const phase = objectAt(pod, 'status').phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 'done';
  return phase === 'Running' ? 'running' : 'pending';
}

function condition(type: string, status: boolean, at: string): JsonObject {
  return { type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: at };
}

function runningStatus(pod: JsonObject, now: string, ready: boolean, crash: boolean): JsonObject {
  const prev = objectAt(pod, 'status');
  const restarts = crash ? 1 + Number((Array.isArray(prev.containerStatuses) && isJsonObject(prev.containerStatuses[0]) ? prev.containerStatuses[0].restartCount : 0) ?? 0) : 0;
  const state: JsonObject = crash ? { waiting: { reason: 'CrashLoopBackOff', message: 'back-off restarting failed container' } } : { running: { startedAt: now } };
  return {
    ...prev,
    phase: 'Running',
    conditions: [condition('PodReadyToStartContainers', true, now), condition('Initialized', true, now), condition('Ready', ready, now), condition('ContainersReady', ready, now), condition('PodScheduled', true, now)],
    containerStatuses: containers(pod).map((c) => ({ name: c.name ?? '', image: c.image ?? '', imageID: `sim://${str(c.image)}`, ready, started: !crash, restartCount: restarts, state, containerID: `sim://${str(meta(pod).uid)}/${str(c.name)}` })),
  };
}

function finishedStatus(pod: JsonObject, now: string, succeeded: boolean): JsonObject {
  const prev = objectAt(pod, 'status');
  const reason = succeeded ? 'Completed' : 'Error';
  return {
    ...prev,
    phase: succeeded ? 'Succeeded' : 'Failed',
    conditions: [condition('Initialized', true, now), condition('Ready', false, now), condition('ContainersReady', false, now), condition('PodScheduled', true, now)],
    containerStatuses: containers(pod).map((c) => ({ name: c.name ?? '', image: c.image ?? '', imageID: `sim://${str(c.image)}`, ready: false, started: false, restartCount: 0, state: { terminated: { exitCode: succeeded ? 0 : 1, reason, startedAt: prev.startTime ?? now, finishedAt: now } } })),
  };
}

function pendingStatus(pod: JsonObject, now: string, podIP: string): JsonObject {
  return {
    phase: 'Pending',
    qosClass: 'BestEffort',
    hostIP: '10.0.0.1',
    hostIPs: [{ ip: '10.0.0.1' }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now,
    conditions: [condition('PodScheduled', true, now), condition('Initialized', true, now), condition('Ready', false, now), condition('ContainersReady', false, now)],
    containerStatuses: containers(pod).map((c) => ({ name: c.name ?? '', image: c.image ?? '', imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } })),
  };
}

function seconds(value: string | undefined, fallback: number): number {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/**
 * The kubelet of a one-node cluster: a new pod gets an IP and waits ContainerCreating, becomes Running
 * and Ready after --pod-ready-seconds (or never, or crashes, as its annotations say); Job pods then
 * finish after --job-seconds.
 */
export function startPodLifecycle(ctx: ClusterContext): ClusterController {
  const podType = ctx.builtin('', 'pods');
  let ipCounter = 0;
  const nextIP = (): string => {
    const n = ipCounter++;
    return `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
  };

  function readyDelayMs(pod: JsonObject): number {
    return seconds(annotation(pod, POD_ANNOTATIONS.readySeconds), ctx.podReadySeconds) * 1000;
  }

  function elapsedMs(pod: JsonObject): number {
    const start = objectAt(pod, 'status').startTime ?? meta(pod).creationTimestamp;
    return typeof start === 'string' ? ctx.now().getTime() - Date.parse(start) : 0;
  }

  function writeStatus(pod: JsonObject, status: JsonObject): void {
    ctx.storage.update(podType, namespacedNameOf(pod), { ...pod, status }, { subresource: 'status' });
  }

  function step(key: string): void {
    const [ns, name] = splitKey(key);
    const pod = ctx.storage.find(podType, ns, name);
    if (!pod || isDeleting(pod)) return;
    const now = timestamp(ctx.now());
    const status = objectAt(pod, 'status');
    if (status.podIP === undefined) {
      const delay = readyDelayMs(pod);
      const pending = pendingStatus(pod, now, nextIP());
      // With no delay the pod goes straight to Running in one write, as benchmarks want.
      if (delay === 0) return startContainers(key, { ...pod, status: pending }, now);
      writeStatus(pod, pending);
      queue.addAfter(key, delay);
      return;
    }
    if (stageOf(pod) === 'pending') return startContainers(key, pod, now);
    if (stageOf(pod) === 'running') return finishOrCrash(key, pod, now);
  }

  function startContainers(key: string, pod: JsonObject, now: string): void {
    const wait = readyDelayMs(pod) - elapsedMs(pod);
    if (wait > 0) return queue.addAfter(key, wait);
    const crash = annotation(pod, POD_ANNOTATIONS.crash) === 'true';
    const ready = !crash && annotation(pod, POD_ANNOTATIONS.ready) !== 'false';
    writeStatus(pod, runningStatus(pod, now, ready, crash));
    if (crash) queue.addAfter(key, 10_000);
    else if (isJobPod(pod)) queue.addAfter(key, seconds(annotation(pod, POD_ANNOTATIONS.jobSeconds), ctx.jobSeconds) * 1000);
  }

  function finishOrCrash(key: string, pod: JsonObject, now: string): void {
    if (annotation(pod, POD_ANNOTATIONS.crash) === 'true') {
      writeStatus(pod, runningStatus(pod, now, false, true));
      queue.addAfter(key, 10_000);
      return;
    }
    if (!isJobPod(pod)) return;
    const runFor = seconds(annotation(pod, POD_ANNOTATIONS.jobSeconds), ctx.jobSeconds) * 1000;
    const wait = readyDelayMs(pod) + runFor - elapsedMs(pod);
    if (wait > 0) return queue.addAfter(key, wait);
    writeStatus(pod, finishedStatus(pod, now, annotation(pod, POD_ANNOTATIONS.jobResult) !== 'Failed'));
  }

  const queue = new KeyQueue('pod-lifecycle', step, ctx.logError);
  return {
    onEvent(e: StoredEvent): void {
      if (e.typeKey === KEYS.pods && e.type === 'ADDED') queue.add(keyOf(e.object));
    },
    stop: () => queue.stop(),
  };
}
