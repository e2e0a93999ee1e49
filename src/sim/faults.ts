/** What the simulator breaks on purpose, for reliability tests. All off by default. */
export interface FaultConfig {
  /** Added to every API request before it is handled. */
  latencyMs: number;
  /** Share of API requests (0–1) answered with `errorCode` instead of being handled. */
  errorRate: number;
  errorCode: number;
  /** Every Nth write (create/update/patch/delete) is refused with 409 Conflict; 0 = never. */
  conflictEvery: number;
  /** Every open watch is closed this often; 0 = never. */
  dropWatchesEverySeconds: number;
  /** Limits the faults above to these verbs / resources (`deployments`, `rollouts/status`); empty = all. */
  verbs: string[];
  resources: string[];
  /** Seed of the random source behind errorRate, so a failing run can be repeated. */
  seed: number;
}

export const NO_FAULTS: FaultConfig = { latencyMs: 0, errorRate: 0, errorCode: 503, conflictEvery: 0, dropWatchesEverySeconds: 0, verbs: [], resources: [], seed: 1 };

const NUMBER_SETTINGS = ['latencyMs', 'errorRate', 'errorCode', 'conflictEvery', 'dropWatchesEverySeconds', 'seed'] as const;
const LIST_SETTINGS = ['verbs', 'resources'] as const;

/** Reads a fault configuration from JSON, filling what is missing with "off"; throws on a bad field. */
export function parseFaultConfig(input: unknown): FaultConfig {
  const src = knownSettings(input);
  const out: FaultConfig = { ...NO_FAULTS };
  for (const key of NUMBER_SETTINGS) {
    if (src[key] !== undefined) out[key] = nonNegativeNumber(key, src[key]);
  }
  if (out.errorRate > 1) throw new Error('fault setting "errorRate" must be between 0 and 1');
  for (const key of LIST_SETTINGS) {
    if (src[key] !== undefined) out[key] = stringList(key, src[key]);
  }
  return out;
}

// The settings as an object, once every key in it is known.
function knownSettings(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('fault configuration must be a JSON object');
  const src = input as Record<string, unknown>;
  for (const key of Object.keys(src)) {
    if (!(key in NO_FAULTS)) throw new Error(`unknown fault setting "${key}"; known: ${Object.keys(NO_FAULTS).join(', ')}`);
  }
  return src;
}

function nonNegativeNumber(key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`fault setting "${key}" must be a non-negative number`);
  return v;
}

function stringList(key: string, v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`fault setting "${key}" must be a list of strings`);
  return v;
}

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1): decides which requests fail (the fault tests replay seeds with it too). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** The decision for one request under the current faults. */
export interface FaultDecision {
  delayMs: number;
  failWith?: number;
  conflict: boolean;
}

/** Holds the active fault configuration and decides, request by request, what to break. */
export class FaultInjector {
  #config: FaultConfig = NO_FAULTS;
  #random = seeded(NO_FAULTS.seed);
  #writes = 0;
  #dropTimer?: NodeJS.Timeout;
  readonly #dropWatches: () => void;

  constructor(dropWatches: () => void) {
    this.#dropWatches = dropWatches;
  }

  get config(): FaultConfig {
    return this.#config;
  }

  /** Replaces the configuration (and restarts the watch-dropping timer). */
  set(config: FaultConfig): void {
    this.#config = config;
    this.#random = seeded(config.seed);
    this.#writes = 0;
    clearInterval(this.#dropTimer);
    this.#dropTimer = undefined;
    if (config.dropWatchesEverySeconds > 0) {
      this.#dropTimer = setInterval(this.#dropWatches, config.dropWatchesEverySeconds * 1000);
      this.#dropTimer.unref();
    }
  }

  /** What to do to a request of `verb` on `resource` (`pods`, `rollouts/status`). */
  decide(verb: string, resource: string): FaultDecision {
    const c = this.#config;
    if (!this.#applies(verb, resource)) return { delayMs: 0, conflict: false };
    const failWith = c.errorRate > 0 && this.#random() < c.errorRate ? c.errorCode : undefined;
    let conflict = false;
    if (c.conflictEvery > 0 && WRITES.has(verb) && verb !== 'delete') {
      this.#writes++;
      conflict = this.#writes % c.conflictEvery === 0;
    }
    return { delayMs: c.latencyMs, failWith, conflict };
  }

  #applies(verb: string, resource: string): boolean {
    const c = this.#config;
    if (c.verbs.length > 0 && !c.verbs.includes(verb)) return false;
    if (c.resources.length > 0 && !c.resources.includes(resource) && !c.resources.includes(resource.split('/')[0])) return false;
    return true;
  }

  /** Stops timers. */
  close(): void {
    clearInterval(this.#dropTimer);
  }
}
