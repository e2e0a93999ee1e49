// Turns the watch events of N rollouts into step-transition and abort latencies. A transition is a
// status write that moves a rollout to another step (or another pod hash); its latency is counted
// from the change that caused it: the benchmark's own command (a release, a promote) or, when none
// is pending, the canary ReplicaSet becoming fully available (what moves a setWeight step on).

/** The rollout fields the benchmark reads. */
export interface RolloutEventObject {
  metadata: { name: string };
  status?: { currentStepIndex?: number; currentPodHash?: string; stableRS?: string; phase?: string; pauseConditions?: unknown[]; abort?: boolean };
}

/** The ReplicaSet fields the benchmark reads. */
export interface ReplicaSetEventObject {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { replicas?: number };
  status?: { availableReplicas?: number };
}

/** The Service fields the benchmark reads. */
export interface ServiceEventObject {
  metadata: { name: string };
  spec: { selector?: Record<string, string> };
}

interface RolloutTrack {
  step?: number;
  hash?: string;
  commandAt?: number;
  /** When each pod hash's ReplicaSet last became fully available (events may overtake the status write). */
  readyAt: Map<string, number>;
  abortAt?: number;
  phase?: string;
  paused: boolean;
  stable?: string;
  available: Map<string, boolean>;
}

/** A latency sample, in milliseconds, with what triggered it. */
export interface Sample {
  ms: number;
  trigger: 'command' | 'readiness';
}

/** Collects latencies across all rollouts of one benchmark run. */
export class TransitionTracker {
  readonly transitions: Sample[] = [];
  readonly aborts: number[] = [];
  readonly #tracks = new Map<string, RolloutTrack>();
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  #track(name: string): RolloutTrack {
    let t = this.#tracks.get(name);
    if (t === undefined) {
      t = { paused: false, available: new Map(), readyAt: new Map() };
      this.#tracks.set(name, t);
    }
    return t;
  }

  /** The benchmark is about to send a command (release, promote) to `name`. */
  commandSent(name: string): void {
    const t = this.#track(name);
    t.commandAt = this.#now();
  }

  /** The benchmark is about to abort `name`. */
  abortSent(name: string): void {
    this.#track(name).abortAt = this.#now();
  }

  /** A rollout event from the watch. */
  onRollout(obj: RolloutEventObject): void {
    const t = this.#track(obj.metadata.name);
    const s = obj.status ?? {};
    t.phase = s.phase;
    t.paused = (s.pauseConditions ?? []).length > 0;
    t.stable = s.stableRS;
    if (s.currentStepIndex === t.step && s.currentPodHash === t.hash) return;
    const moved = t.hash !== undefined;
    t.step = s.currentStepIndex;
    t.hash = s.currentPodHash;
    if (moved) this.#recordTransition(t);
  }

  #recordTransition(t: RolloutTrack): void {
    const now = this.#now();
    const readyAt = t.hash === undefined ? undefined : t.readyAt.get(t.hash);
    if (t.commandAt !== undefined) {
      this.transitions.push({ ms: now - t.commandAt, trigger: 'command' });
      t.commandAt = undefined;
    } else if (readyAt !== undefined && t.hash !== undefined) {
      this.transitions.push({ ms: now - readyAt, trigger: 'readiness' });
      t.readyAt.delete(t.hash);
    }
  }

  /** A ReplicaSet event: the canary becoming fully available is the next step's trigger. */
  onReplicaSet(rolloutName: string, obj: ReplicaSetEventObject): void {
    const t = this.#track(rolloutName);
    const want = obj.spec.replicas ?? 0;
    const available = want > 0 && (obj.status?.availableReplicas ?? 0) >= want;
    const before = t.available.get(obj.metadata.name) ?? false;
    t.available.set(obj.metadata.name, available);
    const hash = obj.metadata.labels?.['rollouts-pod-template-hash'];
    if (available && !before && hash !== undefined) t.readyAt.set(hash, this.#now());
  }

  /** A Service event: the canary Service selecting the stable hash again ends an abort. */
  onService(rolloutName: string, obj: ServiceEventObject): void {
    const t = this.#track(rolloutName);
    if (t.abortAt === undefined || !obj.metadata.name.endsWith('-canary')) return;
    if (obj.spec.selector?.['rollouts-pod-template-hash'] !== t.stable) return;
    this.aborts.push(this.#now() - t.abortAt);
    t.abortAt = undefined;
  }

  /** How many rollouts satisfy `test`. */
  count(test: (phase: string | undefined, step: number | undefined, paused: boolean) => boolean): number {
    let n = 0;
    for (const t of this.#tracks.values()) if (test(t.phase, t.step, t.paused)) n++;
    return n;
  }

  /** Forgets the samples (between warm-up and the measured phases). */
  reset(): void {
    this.transitions.length = 0;
    this.aborts.length = 0;
  }
}

/** The p-th percentile of `values` (nearest rank), rounded to 0.1 ms. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return Math.round(v * 10) / 10;
}
