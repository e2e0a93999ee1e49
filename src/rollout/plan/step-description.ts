import { tagCanaryStep, type CanaryStepKind, type CanaryStepOf } from '../../api/canary-step-kind.js';
import type { CanaryStep, SetCanaryScale } from '../../api/schema/canary-step.js';

// Argo's order: weight, then matchTrafficWeight, then replicas; a scale that sets none is invalid.
function describeCanaryScale(scale: SetCanaryScale): string {
  if (scale.weight !== undefined) return `setCanaryScale{weight: ${scale.weight}}`;
  if (scale.matchTrafficWeight) return 'setCanaryScale{matchTrafficWeight: true}';
  return scale.replicas === undefined ? 'invalid' : `setCanaryScale{replicas: ${scale.replicas}}`;
}

type Describe<K extends CanaryStepKind> = (value: CanaryStepOf<K>[K]) => string;

// Each kind's text, as Argo's CanaryStepString writes it.
const DESCRIBE: { [K in CanaryStepKind]: Describe<K> } = {
  setWeight: (weight) => `setWeight: ${weight}`,
  pause: (pause) => (pause.duration === undefined ? 'pause' : `pause: ${String(pause.duration)}`),
  analysis: () => 'analysis',
  experiment: () => 'experiment',
  setCanaryScale: describeCanaryScale,
  plugin: (plugin) => `plugin: ${plugin.name}`,
  setHeaderRoute: (route) => `setHeaderRoute: ${route.name ?? ''}`,
  setMirrorRoute: (route) => `setMirrorRoute: ${route.name}`,
};

/** How Argo names a step in events and the plugin ("setWeight: 10", "pause: 5s", "analysis"); "invalid" for a malformed step. */
export function describeStep(step: CanaryStep): string {
  const tagged = tagCanaryStep(step);
  // No action, or several: Argo's text for a step it cannot name.
  if (!tagged) return 'invalid';
  // The table holds the describer of tagged.kind, which takes tagged.value (TypeScript cannot correlate the two).
  const describe = DESCRIBE[tagged.kind] as (value: unknown) => string;
  return describe(tagged.value);
}
