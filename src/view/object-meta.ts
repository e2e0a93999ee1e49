import { ANNOTATIONS } from '../api/labels.js';

interface MetaLike {
  name?: string;
  namespace?: string;
  uid?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { uid: string }[];
}

/** Object metadata with every field the views read defaulted ('' and {}), so they need no guards. */
export interface MetaView {
  name: string;
  namespace: string;
  uid: string;
  creationTimestamp?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerUids: string[];
}

/** The metadata of any API object, defaulted. */
export function metaOf(obj: { metadata?: MetaLike }): MetaView {
  const m = obj.metadata ?? {};
  return {
    name: m.name ?? '',
    namespace: m.namespace ?? '',
    uid: m.uid ?? '',
    creationTimestamp: m.creationTimestamp,
    labels: m.labels ?? {},
    annotations: m.annotations ?? {},
    ownerUids: (m.ownerReferences ?? []).map((ref) => ref.uid),
  };
}

/** Whether an object names `uid` among its owners (controller or not, as Argo's tree does). */
export function isOwnedBy(obj: { metadata?: MetaLike }, uid: string): boolean {
  return uid !== '' && metaOf(obj).ownerUids.includes(uid);
}

/** The first of an object's owners that is among `uids`, if any. */
export function ownerAmong(obj: { metadata?: MetaLike }, uids: ReadonlySet<string>): string | undefined {
  return metaOf(obj).ownerUids.find((uid) => uids.has(uid));
}

/** The `rollout.argoproj.io/revision` annotation as a number; 0 when absent or not an integer. */
export function revisionOf(obj: { metadata?: MetaLike }): number {
  return parseInteger(metaOf(obj).annotations[ANNOTATIONS.revision]) ?? 0;
}

/** A whole decimal number, or undefined for anything else (as Go's strconv.Atoi decides). */
export function parseInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number.parseInt(text, 10);
}

/** Orders by a timestamp string (RFC 3339 sorts as text), missing first. */
export function compareTimestamps(a: string | undefined, b: string | undefined): number {
  return (a ?? '').localeCompare(b ?? '');
}
