// Pieces used by both the canary and the blue-green strategy.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Int32 } from './common.js';

/** Anti-affinity injected so new pods avoid nodes running the old version. */
export const AntiAffinitySchema = Type.Object({
  preferredDuringSchedulingIgnoredDuringExecution: Type.Optional(Type.Object({ weight: Int32({ description: '1 to 100' }) })),
  requiredDuringSchedulingIgnoredDuringExecution: Type.Optional(Type.Object({})),
});
export type AntiAffinity = Static<typeof AntiAffinitySchema>;
