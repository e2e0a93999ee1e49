import { coreMessages } from './core-messages.js';
import { metaMessages } from './meta-messages.js';
import { networkingMessages } from './networking-messages.js';
import { podMessages } from './pod-messages.js';
import { buildSchema, type MessageSchema } from './schema.js';
import { workloadMessages } from './workload-messages.js';

/** Every Kubernetes protobuf message the simulator can decode, parsed once at startup. */
export const kubeSchema: MessageSchema = buildSchema([metaMessages, coreMessages, podMessages, workloadMessages, networkingMessages]);

/**
 * The kinds a client may send as protobuf, by apiVersion. Each kind's message has the kind's
 * name. These are the kinds kubectl's typed commands create (`create deployment`, `create
 * service clusterip`, …); `kubectl run`, `expose` and `delete` send JSON.
 */
const KINDS_BY_API_VERSION: Readonly<Record<string, readonly string[]>> = {
  v1: ['Namespace', 'ConfigMap', 'Secret', 'ServiceAccount', 'Service', 'Pod'],
  'apps/v1': ['Deployment'],
  'batch/v1': ['Job', 'CronJob'],
  'networking.k8s.io/v1': ['Ingress'],
};

/** The message that decodes `kind` in `apiVersion`, or undefined when the simulator has no table for it. */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  // DeleteOptions is registered in every group version (and meta.k8s.io/v1), so any apiVersion goes.
  if (kind === 'DeleteOptions') return kind;
  return KINDS_BY_API_VERSION[apiVersion]?.includes(kind) ? kind : undefined;
}
