import { tagCanaryStep } from '../../api/canary-step-kind.js';
import type { CanaryStep } from '../../api/schema/canary-step.js';

/** How Argo names a step in events and the plugin ("setWeight: 10", "pause: 5s", "analysis"). */
export function describeStep(step: CanaryStep): string {
  const tagged = tagCanaryStep(step);
  if (!tagged) return 'invalid';
  switch (tagged.kind) {
    case 'setWeight':
      return `setWeight: ${tagged.value}`;
    case 'pause':
      return tagged.value.duration === undefined ? 'pause' : `pause: ${String(tagged.value.duration)}`;
    case 'setCanaryScale':
      if (tagged.value.weight !== undefined) return `setCanaryScale{weight: ${tagged.value.weight}}`;
      if (tagged.value.matchTrafficWeight) return 'setCanaryScale{matchTrafficWeight: true}';
      return `setCanaryScale{replicas: ${tagged.value.replicas ?? 0}}`;
    case 'plugin':
      return `plugin: ${tagged.value.name}`;
    case 'setHeaderRoute':
      return `setHeaderRoute: ${tagged.value.name ?? ''}`;
    case 'setMirrorRoute':
      return `setMirrorRoute: ${tagged.value.name}`;
    default:
      return tagged.kind;
  }
}
