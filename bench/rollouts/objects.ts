// The objects the rollout benchmark creates: a 4-step canary of 4 replicas and its two Services,
// 20 rollouts to a namespace (a team's namespace; one namespace of 2,000 would measure the
// simulator's Endpoints controller, which matches every Service against every Pod of a namespace).

/** Rollouts per namespace. */
export const PER_NAMESPACE = 20;

/** The label on every object the benchmark creates. */
export const BENCH_LABEL = 'bench=rollouts';

/** The namespace of the i-th rollout. */
export function namespaceOfIndex(i: number): string {
  return `bench-${String(Math.floor(i / PER_NAMESPACE)).padStart(4, '0')}`;
}

/** The namespace of rollout `name` (its index is in its name). */
export function namespaceOf(name: string): string {
  return namespaceOfIndex(Number(name.slice(name.lastIndexOf('-') + 1)));
}

/** The four steps every benchmark rollout goes through: 25% → pause → 50% → pause. */
export const STEPS = [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: {} }];

/** The name of the i-th benchmark rollout. */
export function rolloutName(i: number): string {
  return `app-${String(i).padStart(5, '0')}`;
}

/** A canary Rollout running `image`. */
export function rolloutObject(name: string, image: string): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: namespaceOf(name), labels: { bench: 'rollouts' } },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      strategy: { canary: { canaryService: `${name}-canary`, stableService: `${name}-stable`, steps: STEPS } },
    },
  };
}

/** The stable or canary Service of rollout `name`. */
export function serviceObject(name: string, role: 'stable' | 'canary'): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: `${name}-${role}`, namespace: namespaceOf(name), labels: { bench: 'rollouts', rollout: name } }, spec: { selector: { app: name }, ports: [{ port: 80 }] } };
}

/** The merge patch that releases `image`. */
export function imagePatch(image: string): Record<string, unknown> {
  return { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } };
}

/** The status patch `kubectl rollouts promote` sends to a canary paused at a pause step. */
export const PROMOTE_PATCH = { status: { pauseConditions: null } };

/** The status patch `kubectl rollouts abort` sends. */
export const ABORT_PATCH = { status: { abort: true } };
