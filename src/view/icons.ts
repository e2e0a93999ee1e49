// The status symbols of Argo's `get rollout`, so that screenshots, docs and muscle memory carry over.
export const ICONS = {
  waiting: '◷',
  progressing: '◌',
  warning: '⚠',
  unknown: '?',
  ok: '✔',
  bad: '✖',
  paused: '॥',
  neutral: '•',
} as const;

/** Kind symbols of the tree view. */
export const KIND_ICONS = {
  rollout: '⟳',
  revision: '#',
  replicaSet: '⧉',
  pod: '□',
  job: '⊞',
  experiment: 'Σ',
  analysisRun: 'α',
} as const;

const ROLLOUT_ICONS: Readonly<Record<string, string>> = {
  Progressing: ICONS.progressing,
  Error: ICONS.warning,
  InvalidSpec: ICONS.warning,
  Paused: ICONS.paused,
  Healthy: ICONS.ok,
  Degraded: ICONS.bad,
  Unknown: ICONS.unknown,
  ScaledDown: ICONS.neutral,
};

/** The symbol for a rollout phase (a blank for anything unknown, as Argo prints). */
export function rolloutIcon(status: string): string {
  return ROLLOUT_ICONS[status] ?? ' ';
}

const REPLICA_SET_ICONS: Readonly<Record<string, string>> = {
  Progressing: ICONS.progressing,
  Healthy: ICONS.ok,
  ReplicaFailure: ICONS.bad,
  ScaledDown: ICONS.neutral,
};

/** The symbol for a ReplicaSet health. */
export function replicaSetIcon(status: string): string {
  return REPLICA_SET_ICONS[status] ?? ' ';
}

const ANALYSIS_ICONS: Readonly<Record<string, string>> = {
  Successful: ICONS.ok,
  Inconclusive: ICONS.unknown,
  Failed: ICONS.bad,
  Error: ICONS.warning,
  Running: ICONS.progressing,
  Pending: ICONS.waiting,
};

/** The symbol for an AnalysisRun, Experiment, measurement or Job phase. */
export function analysisIcon(phase: string | undefined): string {
  return ANALYSIS_ICONS[phase ?? ''] ?? ' ';
}

const POD_ICONS: Readonly<Record<string, string>> = {
  Pending: ICONS.progressing,
  Terminating: ICONS.progressing,
  ContainerCreating: ICONS.progressing,
  Running: ICONS.ok,
  Completed: ICONS.ok,
  Failed: ICONS.bad,
  InvalidImageName: ICONS.bad,
  CrashLoopBackOff: ICONS.bad,
  ImagePullBackOff: ICONS.warning,
  RegistryUnavailable: ICONS.warning,
  Unknown: ICONS.unknown,
};

/**
 * The symbol for a pod's kubectl-style status. Init phases are progress; a container killed by a
 * signal or exit code is bad; any kubelet "…Error"/"Err…" reason (ErrImagePull) is a warning.
 */
export function podIcon(status: string): string {
  if (status.startsWith('Init:')) return ICONS.progressing;
  if (status.startsWith('Signal:') || status.startsWith('ExitCode:')) return ICONS.bad;
  if (status.endsWith('Error') || status.startsWith('Err')) return ICONS.warning;
  return POD_ICONS[status] ?? ' ';
}
