// Argo's `provider.kayenta` (Spinnaker's canary judge).
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Int64 } from './common.js';

export const KayentaThresholdSchema = Type.Object({
  pass: Int64(),
  marginal: Int64(),
});

export const KayentaScopeDetailSchema = Type.Object({
  scope: Type.String(),
  region: Type.String(),
  step: Int64(),
  start: Type.Optional(Type.String()),
  end: Type.Optional(Type.String()),
});

export const KayentaScopeSchema = Type.Object({
  name: Type.String(),
  controlScope: KayentaScopeDetailSchema,
  experimentScope: KayentaScopeDetailSchema,
});

export const KayentaMetricSchema = Type.Object({
  address: Type.String(),
  application: Type.String(),
  canaryConfigName: Type.String(),
  metricsAccountName: Type.String(),
  configurationAccountName: Type.String(),
  storageAccountName: Type.String(),
  threshold: KayentaThresholdSchema,
  scopes: Type.Array(KayentaScopeSchema),
  lookback: Type.Optional(Type.Boolean()),
});
export type KayentaMetric = Static<typeof KayentaMetricSchema>;
