import { eventually, type RunningSim } from './sim-process.js';

export interface RolloutStatusView {
  phase?: string;
  message?: string;
  currentStepIndex?: number;
  stableRS?: string;
  currentPodHash?: string;
  pauseConditions?: { reason: string; startTime: string }[];
  controllerPause?: boolean;
  abort?: boolean;
  promoteFull?: boolean;
  replicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: string;
  restartedAt?: string;
  workloadObservedGeneration?: string;
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

export interface ReplicaSetView {
  metadata: { name: string; uid: string; labels: Record<string, string>; annotations: Record<string, string>; creationTimestamp: string };
  spec: { replicas: number; template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } } };
  status: { availableReplicas?: number };
}

/**
 * A canary Rollout (6 replicas unless said) with the five steps of the issue, plus its two services;
 * `spec` adds lines to the spec, `canary` to the canary strategy (6-space indented, each line ending in a newline).
 */
export function canaryRolloutYaml(name: string, image: string, extra: { steps?: string; spec?: string; canary?: string; replicas?: number } = {}): string {
  const steps = extra.steps ?? `      - setWeight: 10
      - pause: {duration: 5s}
      - setWeight: 50
      - pause: {}
      - setWeight: 100`;
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: ${name}}
spec:
  replicas: ${extra.replicas ?? 6}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: app, image: "${image}"}]}
${extra.spec ?? ''}  strategy:
    canary:
      canaryService: ${name}-canary
      stableService: ${name}-stable
${extra.canary ?? ''}      steps:
${steps}
${servicesYaml(name, ['stable', 'canary'])}`;
}

/** An AnalysisTemplate whose one metric is a Job that the simulator completes, or fails. */
export function jobTemplateYaml(name: string, result: 'Succeeded' | 'Failed'): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: ${name}}
spec:
  metrics:
    - name: smoke
      provider:
        job:
          spec:
            backoffLimit: 0
            template:
              metadata:
                annotations: ${result === 'Failed' ? '{rollouts-sim.dev/job-result: Failed}' : '{}'}
              spec:
                restartPolicy: Never
                containers: [{name: smoke, image: busybox:1.36, command: ["true"]}]
`;
}

/** The Services `<name>-<role>` selecting the app's pods, each a YAML document starting with `---`. */
export function servicesYaml(name: string, roles: string[]): string {
  return roles.map((role) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}-${role}}
spec: {selector: {app: ${name}}, ports: [{port: 80}]}
`).join('');
}

/** Reads and waits on one rollout through kubectl. */
export class RolloutProbe {
  constructor(
    readonly sim: RunningSim,
    readonly name: string,
  ) {}

  async status(): Promise<RolloutStatusView> {
    return JSON.parse((await this.sim.kubectl(['get', 'ro', this.name, '-o', 'jsonpath={.status}'])).stdout || '{}') as RolloutStatusView;
  }

  async replicaSets(): Promise<ReplicaSetView[]> {
    return (JSON.parse((await this.sim.kubectl(['get', 'rs', '-l', `app=${this.name}`, '-o', 'json'])).stdout) as { items: ReplicaSetView[] }).items;
  }

  /** spec.replicas of the ReplicaSet running each image, e.g. { 'shop:1': 6, 'shop:2': 1 }. */
  async replicasByImage(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const rs of await this.replicaSets()) out[rs.spec.template.spec.containers[0].image] = rs.spec.replicas;
    return out;
  }

  async selector(service: string): Promise<string> {
    return (await this.sim.kubectl(['get', 'svc', service, '-o', 'jsonpath={.spec.selector.rollouts-pod-template-hash}'])).stdout;
  }

  until(what: string, check: (s: RolloutStatusView) => boolean, timeoutMs = 15_000): Promise<RolloutStatusView> {
    return eventually(async () => {
      const s = await this.status();
      return check(s) ? s : undefined;
    }, `${this.name}: ${what}`, timeoutMs);
  }

  async apply(image: string, extra?: { steps?: string; spec?: string }): Promise<void> {
    const result = await this.sim.kubectl(['apply', '-f', '-'], canaryRolloutYaml(this.name, image, extra));
    if (result.code !== 0) throw new Error(`kubectl apply failed: ${result.stderr}`);
  }

  /** Applies the first image and waits until it is the healthy stable revision. */
  async deployFirst(image: string, extra?: { steps?: string; spec?: string }): Promise<RolloutStatusView> {
    await this.apply(image, extra);
    return this.until('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);
  }
}
