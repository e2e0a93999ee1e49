import { DateTime } from 'luxon';
import type { ReplicaSet } from '../api/kube-types.js';
import { ANNOTATIONS, LABELS } from '../api/labels.js';
import type { Rollout, RolloutStatus } from '../api/types.js';
import { ageOf, humanDuration } from './human-duration.js';
import { replicaSetIcon } from './icons.js';
import { compareTimestamps, isOwnedBy, metaOf, ownerAmong, revisionOf } from './object-meta.js';
import { podInfo, type PodView } from './pod-info.js';
import type { ReplicaSetInfo, StackTag } from './view-types.js';

const EXPERIMENT_TEMPLATE_ANNOTATION = 'experiment.argoproj.io/template-name';

type ReplicaSetStatusView = NonNullable<ReplicaSet['status']> & { conditions?: { type: string; status: string }[] };

/** The ReplicaSet fields the tree reads; the API's ReplicaSet type fits. */
export interface ReplicaSetView {
  metadata: ReplicaSet['metadata'];
  spec: { replicas?: number; template: ReplicaSet['spec']['template'] };
  status?: ReplicaSetStatusView;
}

/**
 * The ReplicaSets owned by `owner.uid`, newest revision first (then by name), each with its pods
 * (oldest first) and, when `owner.rollout` is given, its stable / canary / active / preview tags.
 */
export function replicaSetInfos(
  owner: { uid: string; rollout?: Rollout },
  sets: readonly ReplicaSetView[],
  pods: readonly PodView[],
  now: DateTime,
): ReplicaSetInfo[] {
  const infos = sets.filter((rs) => isOwnedBy(rs, owner.uid)).map((rs) => replicaSetInfo(rs, owner.rollout, now));
  infos.sort((a, b) => b.revision - a.revision || a.name.localeCompare(b.name));
  const byUid = new Map(infos.map((info) => [info.uid, info]));
  const uids = new Set(byUid.keys());
  const owned = pods.filter((pod) => ownerAmong(pod, uids) !== undefined).map((pod) => ({ pod, meta: metaOf(pod) }));
  owned.sort((a, b) => compareTimestamps(a.meta.creationTimestamp, b.meta.creationTimestamp) || a.meta.name.localeCompare(b.meta.name));
  for (const { pod } of owned) byUid.get(ownerAmong(pod, uids) ?? '')?.pods.push(podInfo(pod, now));
  return infos;
}

function replicaSetInfo(rs: ReplicaSetView, rollout: Rollout | undefined, now: DateTime): ReplicaSetInfo {
  const meta = metaOf(rs);
  const health = replicaSetHealth(rs);
  const deadline = meta.annotations[ANNOTATIONS.scaleDownDeadline] ?? '';
  const podSpec = rs.spec.template.spec ?? {};
  const status: ReplicaSetStatusView = rs.status ?? {};
  return {
    name: meta.name,
    uid: meta.uid,
    revision: revisionOf(rs),
    status: health,
    icon: replicaSetIcon(health),
    tags: rollout ? stackTags(rollout, meta.labels[LABELS.podTemplateHash] ?? '') : [],
    replicas: status.replicas ?? 0,
    available: status.availableReplicas ?? 0,
    images: imagesOf(podSpec.containers),
    initContainerImages: imagesOf(podSpec.initContainers),
    template: meta.annotations[EXPERIMENT_TEMPLATE_ANNOTATION] ?? '',
    scaleDownDeadline: deadline,
    scaleDownDelay: scaleDownDelay(deadline, now),
    creationTimestamp: meta.creationTimestamp,
    age: ageOf(meta.creationTimestamp, now),
    pods: [],
  };
}

function imagesOf(containers: readonly { image?: string }[] | undefined): string[] {
  return (containers ?? []).map((c) => c.image ?? '');
}

/**
 * Healthy, Progressing (a spec not yet observed, or fewer available than wanted), ReplicaFailure
 * (the ReplicaSet controller could not create pods) or ScaledDown (wants 0 and has them).
 */
export function replicaSetHealth(rs: ReplicaSetView): string {
  const status: ReplicaSetStatusView = rs.status ?? {};
  if ((rs.metadata.generation ?? 0) > (status.observedGeneration ?? 0)) return 'Progressing';
  if (hasReplicaFailure(status)) return 'ReplicaFailure';
  const wanted = rs.spec.replicas;
  if (wanted === undefined) return 'Healthy';
  if ((status.availableReplicas ?? 0) < wanted) return 'Progressing';
  return wanted === 0 ? 'ScaledDown' : 'Healthy';
}

function hasReplicaFailure(status: ReplicaSetStatusView): boolean {
  return (status.conditions ?? []).some((c) => c.type === 'ReplicaFailure' && c.status === 'True');
}

/**
 * The roles a ReplicaSet (by its pod-template hash) plays in a rollout, in the order the tree
 * prints them. Canary: stable is status.stableRS, canary is status.currentPodHash, and with
 * ping-pong the stable side is "ping" when status.canary.stablePingPong says so. Blue-green: stable,
 * plus active or preview by the services' selectors.
 */
export function stackTags(rollout: Rollout, hash: string): StackTag[] {
  if (hash === '') return [];
  const status: RolloutStatus = rollout.status ?? {};
  const strategy = rollout.spec.strategy ?? {};
  if (strategy.canary) return canaryTags(status, hash, strategy.canary.pingPong !== undefined);
  if (strategy.blueGreen) return blueGreenTags(status, hash);
  return [];
}

function canaryTags(status: RolloutStatus, hash: string, pingPong: boolean): StackTag[] {
  const stablePing = status.canary?.stablePingPong === 'ping';
  const side = (isStable: boolean): StackTag[] => (pingPong ? [isStable === stablePing ? 'ping' : 'pong'] : []);
  if (status.stableRS === hash) return ['stable', ...side(true)];
  if (status.currentPodHash === hash) return ['canary', ...side(false)];
  return [];
}

function blueGreenTags(status: RolloutStatus, hash: string): StackTag[] {
  const tags: StackTag[] = status.stableRS === hash ? ['stable'] : [];
  if (status.blueGreen?.activeSelector === hash) tags.push('active');
  else if (status.blueGreen?.previewSelector === hash) tags.push('preview');
  return tags;
}

/** How long until the scale-down deadline ("29m"), "passed" once it has, '' when there is none. */
function scaleDownDelay(deadline: string, now: DateTime): string {
  if (deadline === '') return '';
  const at = DateTime.fromISO(deadline, { setZone: true });
  if (!at.isValid) return '';
  return at < now ? 'passed' : humanDuration(at.toMillis() - now.toMillis());
}
