// Argo's `provider.job`: a batch/v1 Job run to completion; success = the Job succeeded.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { PodTemplateMetadataSchema, PodTemplateSpecSchema, PreserveUnknownObject } from './common.js';
import type { PodTemplateSpec } from './common.js';

export interface JobSpec {
  template: PodTemplateSpec;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  [field: string]: unknown;
}

// The JobSpec is checked by the API server when the Job is created; only `template` is
// required up front, as in Argo's CRD.
export const JobSpecSchema = PreserveUnknownObject<JobSpec>({ properties: { template: PodTemplateSpecSchema } });

export const JobMetricSchema = Type.Object({
  metadata: Type.Optional(PodTemplateMetadataSchema),
  spec: JobSpecSchema,
});
export type JobMetric = Static<typeof JobMetricSchema>;
