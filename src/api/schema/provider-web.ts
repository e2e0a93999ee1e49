// Argo's `provider.web`, field for field.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Int64, PreserveUnknownObject, KnownStrings } from './common.js';
import { AuthenticationSchema, WebMetricHeaderSchema } from './provider-auth.js';

export const WebMetricMethodSchema = KnownStrings(['GET', 'POST', 'PUT']);
export type WebMetricMethod = Static<typeof WebMetricMethodSchema>;

export const WebMetricSchema = Type.Object({
  method: Type.Optional(WebMetricMethodSchema),
  url: Type.String(),
  headers: Type.Optional(Type.Array(WebMetricHeaderSchema)),
  body: Type.Optional(Type.String()),
  timeoutSeconds: Type.Optional(Int64()),
  jsonPath: Type.Optional(Type.String({ description: 'JSONPath selecting the value to evaluate, e.g. "{$.data.ok}"' })),
  insecure: Type.Optional(Type.Boolean()),
  jsonBody: Type.Optional(PreserveUnknownObject<Record<string, unknown>>()),
  authentication: Type.Optional(AuthenticationSchema),
});
export type WebMetric = Static<typeof WebMetricSchema>;
