// What the analysis controller and its providers need from the cluster, declared here and implemented
// in src/kube (analysis-ports.ts), so that nothing under src/analysis imports the Kubernetes client.
import type { AnalysisRun, AnalysisRunStatus } from '../api/types.js';

/** Any object with metadata, as the API returns it. */
export interface ClusterObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/**
 * One key of a Secret, decoded; undefined when the Secret or the key does not exist. Any other failure
 * (forbidden, API unreachable) rejects with an error that names the Secret but never carries its data.
 */
export type ReadSecret = (namespace: string, name: string, key: string) => Promise<string | undefined>;

/** Jobs (and their pods) for the job provider. */
export interface JobPort {
  /** Creates the Job; 'exists' when the name is taken (the caller decides whether to adopt it). */
  createJob(namespace: string, job: ClusterObject): Promise<'created' | 'exists'>;
  /** The Job, or undefined when it does not exist. */
  getJob<T extends ClusterObject>(namespace: string, name: string): Promise<T | undefined>;
  listJobs<T extends ClusterObject>(namespace: string, labelSelector: string): Promise<T[]>;
  listPods<T extends ClusterObject>(namespace: string, labelSelector: string): Promise<T[]>;
  /** Deletes the Job and, first, its pods (foreground); a Job already gone is not an error. */
  deleteJob(namespace: string, name: string): Promise<void>;
}

/** An event on an AnalysisRun. */
export interface RunEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** The reads and writes of an AnalysisRun reconcile. */
export interface AnalysisRunPorts {
  /** The run from the informer cache. */
  run(namespace: string, name: string): AnalysisRun | undefined;
  /** Replaces the run's status through the status subresource; 409 if the run moved past `resourceVersion`. */
  patchRunStatus(namespace: string, name: string, status: AnalysisRunStatus, resourceVersion: string): Promise<AnalysisRun>;
  /** Deletes a run whose ttlStrategy has expired (already gone is not an error). */
  deleteRun(namespace: string, name: string, uid: string): Promise<void>;
  recordEvent(run: AnalysisRun, event: RunEvent): Promise<void>;
  /** A Secret's data, decoded; undefined when the Secret does not exist. */
  secretData(namespace: string, name: string): Promise<Readonly<Record<string, string>> | undefined>;
}
