import type { ExperimentInfo, ImageInfo, ReplicaSetInfo, StackTag } from './view-types.js';

// Images list a ReplicaSet's roles in this order (the tree's INFO column has its own).
const IMAGE_TAG_ORDER: readonly StackTag[] = ['canary', 'stable', 'active', 'preview', 'ping', 'pong'];

/**
 * The images running now (ReplicaSets with pods, the rollout's and its experiments'), sorted by
 * name, each tagged with the stacks that run it: "app:2.0 (canary)", "app:1.0 (stable)", and
 * "app:2.0 (Σ:baseline)" for an experiment template. An image run by several stacks gets their
 * tags merged and sorted.
 */
export function runningImages(replicaSets: readonly ReplicaSetInfo[], experiments: readonly ExperimentInfo[]): ImageInfo[] {
  const images: ImageInfo[] = [];
  for (const rs of replicaSets.filter((r) => r.replicas > 0)) {
    const tags = IMAGE_TAG_ORDER.filter((t) => rs.tags.includes(t));
    for (const image of rs.images) mergeImage(images, { image, tags });
  }
  for (const exp of experiments) {
    for (const rs of exp.replicaSets.filter((r) => r.replicas > 0)) {
      const tags: StackTag[] = rs.template === '' ? [] : [`Σ:${rs.template}`];
      for (const image of rs.images) mergeImage(images, { image, tags });
    }
  }
  return images.sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
}

function mergeImage(images: ImageInfo[], next: ImageInfo): void {
  const existing = images.find((i) => i.image === next.image);
  if (!existing) {
    images.push({ image: next.image, tags: [...next.tags] });
    return;
  }
  existing.tags = [...new Set([...existing.tags, ...next.tags])].sort();
}
