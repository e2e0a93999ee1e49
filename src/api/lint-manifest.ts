// What `kubectl rollouts lint` checks in one document of a manifest file, offline: an Argo kind
// (Rollout, AnalysisTemplate, ClusterAnalysisTemplate, AnalysisRun, Experiment) against its schema
// (types, required fields, unknown fields), then a Rollout's spec as the controller validates it.
// Other kinds (Services, Ingresses…) pass: Argo reads them only as the rollout's references.
import { API_GROUP, RESOURCE_KINDS } from './crds.js';
import { schemaTypeErrors, unknownFieldErrors } from './schema-errors.js';
import type { SpecError } from './field-error.js';
import type { Rollout } from './types.js';
import { validateRollout } from './validate-rollout.js';

/** One document's verdict: "Rollout/checkout" and its errors (none: it is fine). */
export interface LintResult {
  object: string;
  errors: SpecError[];
}

interface TypeMeta {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown };
}

function labelOf(doc: TypeMeta): string {
  const kind = typeof doc.kind === 'string' ? doc.kind : '?';
  const name = typeof doc.metadata?.name === 'string' ? doc.metadata.name : '?';
  return `${kind}/${name}`;
}

function isArgoKind(doc: TypeMeta): boolean {
  return typeof doc.apiVersion === 'string' && doc.apiVersion.split('/')[0] === API_GROUP;
}

/**
 * Lints one parsed document. E.g. a Rollout with `setWeight: 120` →
 * { object: "Rollout/checkout", errors: [spec.strategy.canary.steps[0].setWeight: Invalid value: 120: …] }.
 */
export function lintManifest(doc: unknown): LintResult {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { object: '?', errors: [{ field: '', kind: 'Invalid', value: 'null', message: 'a document is not an object' }] };
  }
  const meta = doc as TypeMeta;
  const object = labelOf(meta);
  if (!isArgoKind(meta)) return { object, errors: [] };
  const resource = RESOURCE_KINDS.find((r) => r.kind === meta.kind);
  if (!resource) return { object, errors: [{ field: 'kind', kind: 'Invalid', value: JSON.stringify(meta.kind ?? ''), message: `not a kind of ${API_GROUP}` }] };
  const errors = [...schemaTypeErrors(resource.schema, doc), ...unknownFieldErrors(resource.schema, doc)];
  // Spec rules assume well-typed fields: they run once the schema holds.
  if (errors.length > 0 || resource.kind !== 'Rollout') return { object, errors };
  return { object, errors: validateRollout(doc as Rollout) };
}
