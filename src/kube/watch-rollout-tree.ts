// A live rollout tree for `get rollout --watch`, `status` and the dashboard: one informer per kind
// in the rollout's namespace (list, then watch), and a callback whenever anything changes.
import type { Deployment } from '../api/kube-types.js';
import type { Rollout } from '../api/types.js';
import type { Logger } from '../shared/logger.js';
import { createInformer, type Informer } from './informer.js';
import type { KubeClient, KubeObject } from './kube-client-types.js';
import type { RolloutTree } from './load-rollout-tree.js';
import { RESOURCES } from './resources.js';

export interface RolloutTreeWatch {
  /** The tree as the caches hold it now; undefined while the rollout does not exist. */
  current(): RolloutTree | undefined;
  /** Ends every watch; resolves once no request is open. */
  stop(): Promise<void>;
}

export interface WatchRolloutTreeOptions {
  client: KubeClient;
  ref: { namespace: string; name: string };
  /** Called after every change once the caches have synced (several changes in one tick make one call). */
  onChange: (tree: RolloutTree | undefined) => void;
  /** Watch only the rollout (enough for its phase, as `status` needs): the lists in the tree stay empty. */
  rolloutOnly?: boolean;
  log?: Logger;
  signal?: AbortSignal;
}

const KINDS = ['rollouts', 'replicaSets', 'pods', 'analysisRuns', 'experiments', 'deployments'] as const;
type Kind = (typeof KINDS)[number];

/** Starts watching; resolves once every cache has synced, when current() holds the whole tree. */
export async function watchRolloutTree(options: WatchRolloutTreeOptions): Promise<RolloutTreeWatch> {
  const { client, ref, log } = options;
  const kinds = options.rolloutOnly ? KINDS.slice(0, 1) : KINDS;
  const informers = Object.fromEntries(kinds.map((kind) => [kind, createInformer<KubeObject>(informerOptions(kind, client, ref, log))])) as Partial<Record<Kind, Informer<KubeObject>>>;
  const current = (): RolloutTree | undefined => assemble(informers, ref);
  let synced = false;
  let scheduled = false;
  // Until every cache has synced the tree is partial: the caller reads current() once instead.
  const notify = (): void => {
    if (!synced || scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      options.onChange(current());
    });
  };
  const all = Object.values(informers);
  const stop = async (): Promise<void> => {
    await Promise.all(all.map((informer) => informer.stop()));
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  for (const informer of all) {
    for (const event of ['add', 'update', 'delete'] as const) informer.on(event, notify);
    informer.start();
  }
  try {
    await Promise.all(all.map((informer) => informer.waitForSync(options.signal)));
  } catch (err) {
    await stop();
    throw err;
  }
  synced = true;
  return { current, stop };
}

// Only the one rollout is watched; the other kinds are needed whole (ownership decides what shows).
function informerOptions(kind: Kind, client: KubeClient, ref: { namespace: string; name: string }, log: Logger | undefined): Parameters<typeof createInformer<KubeObject>>[0] {
  const fieldSelector = kind === 'rollouts' ? `metadata.name=${ref.name}` : undefined;
  return { client, resource: RESOURCES[kind], namespace: ref.namespace, log, ...(fieldSelector ? { fieldSelector } : {}) };
}

function assemble(informers: Partial<Record<Kind, Informer<KubeObject>>>, ref: { namespace: string; name: string }): RolloutTree | undefined {
  const rollout = informers.rollouts?.get(ref.namespace, ref.name) as Rollout | undefined;
  if (!rollout) return undefined;
  const list = <T>(kind: Kind): T[] => (informers[kind]?.list(ref.namespace) ?? []) as T[];
  const workloadRef = rollout.spec.workloadRef;
  const workloadName = workloadRef?.kind === 'Deployment' ? workloadRef.name : undefined;
  const workload = workloadName ? (informers.deployments?.get(ref.namespace, workloadName) as Deployment | undefined) : undefined;
  return {
    rollout,
    replicaSets: list(KINDS[1]),
    pods: list(KINDS[2]),
    analysisRuns: list(KINDS[3]),
    experiments: list(KINDS[4]),
    ...(workload ? { workload } : {}),
  };
}
