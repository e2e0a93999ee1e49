// Which action a canary step is. A step must set exactly one; these helpers only report what is
// set and leave the "none" and "several" cases to validation, which can name the step.
import { presentKeys } from './present-keys.js';
import type { CanaryStep } from './schema/canary-step.js';

type KeysOfUnion<T> = T extends unknown ? keyof T : never;

export type CanaryStepKind = KeysOfUnion<CanaryStep>;

// A Record (not an array) so the compiler rejects a missing or extra kind.
const STEP_KINDS: Record<CanaryStepKind, true> = {
  setWeight: true,
  pause: true,
  analysis: true,
  experiment: true,
  setCanaryScale: true,
  setHeaderRoute: true,
  setMirrorRoute: true,
  plugin: true,
};

export const CANARY_STEP_KINDS = Object.keys(STEP_KINDS) as readonly CanaryStepKind[];

/** The step member that sets `K`, e.g. `CanaryStepOf<'pause'>` is `{ pause: RolloutPause }`. */
export type CanaryStepOf<K extends CanaryStepKind> = Extract<CanaryStep, Record<K, unknown>>;

/** A step as a discriminated union: `switch (tagged.kind)` narrows `tagged.value`. */
export type TaggedCanaryStep = { [K in CanaryStepKind]: { kind: K; value: CanaryStepOf<K>[K] } }[CanaryStepKind];

/** Every action the step sets, in Argo's field order. */
export function canaryStepKinds(step: CanaryStep): CanaryStepKind[] {
  return presentKeys(step, CANARY_STEP_KINDS);
}

/** The step's action, or undefined when it sets none or several. */
export function canaryStepKind(step: CanaryStep): CanaryStepKind | undefined {
  const kinds = canaryStepKinds(step);
  return kinds.length === 1 ? kinds[0] : undefined;
}

/** The step tagged with its kind, or undefined when it sets none or several actions. */
export function tagCanaryStep(step: CanaryStep): TaggedCanaryStep | undefined {
  const kind = canaryStepKind(step);
  if (kind === undefined) return undefined;
  const value: unknown = (step as Readonly<Record<string, unknown>>)[kind];
  return { kind, value } as TaggedCanaryStep;
}
