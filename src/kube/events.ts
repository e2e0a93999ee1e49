// core/v1 Events about our own objects (Rollouts, AnalysisRuns), as `kubectl describe` shows them.
import { randomBytes } from 'node:crypto';
import type { KubeObject } from './kube-client-types.js';

/** An event to record: Normal or Warning, a CamelCase reason, a sentence. */
export interface EventToRecord {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** Who records the event: the component (rollouts-controller) and this process. */
export interface EventSource {
  component: string;
  instance: string;
  /** Told of every event recorded (the notifier); must return at once and never throw. */
  onRecorded?: (involved: KubeObject, event: EventToRecord) => void;
}

// "<object>.<time><random>", the object's name cut short so the whole stays within the 253
// characters of an object name (the event names its object in involvedObject anyway).
function eventName(name: string | undefined): string {
  const suffix = `.${Date.now().toString(16)}${randomBytes(4).toString('hex')}`;
  return `${(name ?? 'object').slice(0, 253 - suffix.length).replace(/[.-]+$/, '')}${suffix}`;
}

/** The Event object about `involved` (an object of apiVersion/kind as read from the API). */
export function eventObject(involved: { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string } }, event: EventToRecord, source: EventSource): KubeObject {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const meta = involved.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(meta.name), namespace: meta.namespace },
    involvedObject: { apiVersion: involved.apiVersion, kind: involved.kind, name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion },
    reason: event.reason,
    message: event.message,
    type: event.type,
    source: { component: source.component },
    reportingComponent: source.component,
    reportingInstance: source.instance,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
}
