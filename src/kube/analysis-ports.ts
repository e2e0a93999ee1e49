// The cluster side of the analysis ports (src/analysis/ports.ts) over the Kubernetes client: the job
// provider's Jobs and pods, and the Secrets that hold provider credentials. 404 and AlreadyExists
// become answers here, so that the providers never see a KubeError class.
import type { AnalysisRunPorts, ClusterObject, JobPort, ReadSecret } from '../analysis/ports.js';
import type { AnalysisRun } from '../api/types.js';
import { eventObject, type EventSource } from './events.js';
import type { Informer } from './informer.js';
import type { KubeClient, KubeObject } from './kube-client-types.js';
import { isAlreadyExists, isNotFound } from './kube-errors.js';
import { RESOURCES } from './resources.js';

/** batch/v1 Jobs and v1 Pods through the client; any failure other than 404 / AlreadyExists rejects with the client's error. */
export function createJobPort(client: KubeClient): JobPort {
  return {
    createJob: async (namespace, job) => {
      try {
        await client.create(RESOURCES.jobs, namespace, job);
        return 'created';
      } catch (err) {
        if (isAlreadyExists(err)) return 'exists';
        throw err;
      }
    },
    getJob: async <T extends ClusterObject>(namespace: string, name: string) => {
      try {
        return (await client.get<KubeObject>(RESOURCES.jobs, namespace, name)) as T;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    listJobs: async <T extends ClusterObject>(namespace: string, labelSelector: string) =>
      (await client.list<KubeObject>(RESOURCES.jobs, namespace, { labelSelector })).items as T[],
    listPods: async <T extends ClusterObject>(namespace: string, labelSelector: string) =>
      (await client.list<KubeObject>(RESOURCES.pods, namespace, { labelSelector })).items as T[],
    deleteJob: async (namespace, name) => {
      try {
        // Foreground: the Job goes only after its pods, so a terminated measurement leaves nothing running.
        await client.delete(RESOURCES.jobs, namespace, name, { propagationPolicy: 'Foreground' });
      } catch (err) {
        // Already gone (a second terminate, or garbage collection racing it): the wanted end state.
        if (!isNotFound(err)) throw err;
      }
    },
  };
}

interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

/**
 * A ReadSecret over the Kubernetes API: GET the Secret, base64-decode the key; undefined when the
 * Secret (404) or the key does not exist. Other failures reject with the client's error, which names
 * the Secret ("get secrets argo-rollouts/datadog: …") but never carries its data.
 */
export function createSecretReader(client: KubeClient): ReadSecret {
  return async (namespace, name, key) => {
    try {
      const secret = await client.get<SecretObject>(RESOURCES.secrets, namespace, name);
      const encoded = secret.data?.[key];
      return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
}

/** The reads and writes of the AnalysisRun reconcile: the run from the informer cache, the rest through the API. */
export function createAnalysisRunPorts(runs: Informer<KubeObject>, client: KubeClient, source: EventSource): AnalysisRunPorts {
  return {
    run: (namespace, name) => runs.get(namespace, name) as AnalysisRun | undefined,
    patchRunStatus: async (namespace, name, status, resourceVersion) => {
      // The whole status is ours: a JSON merge patch with null for fields the new status drops.
      const current = (runs.get(namespace, name) as AnalysisRun | undefined)?.status ?? {};
      const cleared = Object.fromEntries(Object.keys(current).filter((k) => !(k in status)).map((k) => [k, null]));
      const body = { metadata: { resourceVersion }, status: { ...cleared, ...status } };
      return (await client.patch(RESOURCES.analysisRuns, namespace, name, body, { type: 'merge', subresource: 'status' })) as unknown as AnalysisRun;
    },
    deleteRun: async (namespace, name, uid) => {
      try {
        await client.delete(RESOURCES.analysisRuns, namespace, name, { propagationPolicy: 'Background', preconditions: { uid } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
    recordEvent: async (run, event) => {
      const involved = { ...run, apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun' };
      // Notifications go out from the same events as Argo's (RolloutCompleted → on-rollout-completed).
      source.onRecorded?.(involved, event);
      await client.create(RESOURCES.events, run.metadata?.namespace, eventObject(involved, event, source));
    },
    secretData: async (namespace, name) => {
      try {
        const secret = await client.get<SecretObject>(RESOURCES.secrets, namespace, name);
        return Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
  };
}
