// `valueFrom.fieldRef.fieldPath` read from an object (the Rollout) as Argo reads it
// (utils/analysis/factory.go): paths under `metadata` follow Kubernetes' downward-API rules
// (k8s.io/kubernetes/pkg/fieldpath), any other path walks the object's JSON.
import { formatGoValue } from './go-values.js';

/** A field's text, or why it cannot be read. */
export type FieldValue = { ok: true; value: string } | { ok: false; message: string };

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string => (typeof v === 'string' ? v : '');
const stringMap = (v: unknown): Record<string, string> => (isDict(v) ? (v as Record<string, string>) : {});

/**
 * The text at `fieldPath` in `source`: "metadata.name" → "my-app", "metadata.labels['app']" →
 * the label (or "" when absent), "spec.replicas" → "5", "spec.template.spec.containers[0].image"
 * → the image. A missing non-metadata path or one ending on an object or list is an error.
 */
export function resolveFieldPath(source: unknown, fieldPath: string): FieldValue {
  return fieldPath.startsWith('metadata') ? metadataField(source, fieldPath) : jsonField(source, fieldPath);
}

function metadataField(source: unknown, fieldPath: string): FieldValue {
  const metadata = isDict(source) && isDict(source.metadata) ? source.metadata : {};
  const subscripted = splitSubscript(fieldPath);
  if (subscripted !== undefined) return subscriptField(metadata, fieldPath, subscripted);
  switch (fieldPath) {
    case 'metadata.annotations':
      return { ok: true, value: formatMap(stringMap(metadata.annotations)) };
    case 'metadata.labels':
      return { ok: true, value: formatMap(stringMap(metadata.labels)) };
    case 'metadata.name':
    case 'metadata.namespace':
    case 'metadata.uid':
      return { ok: true, value: textOf(metadata[fieldPath.slice('metadata.'.length)]) };
    default:
      return { ok: false, message: `unsupported fieldPath: ${fieldPath}` };
  }
}

// "metadata.labels['app']" → ["metadata.labels", "app"]; undefined when not subscripted.
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const open = fieldPath.indexOf("['");
  if (open <= 0) return undefined;
  return [fieldPath.slice(0, open), fieldPath.slice(open + 2, -2)];
}

function subscriptField(metadata: Dict, fieldPath: string, [path, key]: [string, string]): FieldValue {
  if (path !== 'metadata.labels' && path !== 'metadata.annotations') return { ok: false, message: `fieldPath ${JSON.stringify(fieldPath)} does not support subscript` };
  // Kubernetes checks annotation keys in lower case, label keys as written.
  const problem = qualifiedNameProblem(path === 'metadata.annotations' ? key.toLowerCase() : key);
  if (problem !== undefined) return { ok: false, message: `invalid key subscript in ${fieldPath}: ${problem}` };
  const map = stringMap(path === 'metadata.labels' ? metadata.labels : metadata.annotations);
  return { ok: true, value: Object.hasOwn(map, key) ? String(map[key]) : '' };
}

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// Kubernetes' IsQualifiedName: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters.
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'";
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix === '' || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return 'prefix part must be a lowercase RFC 1123 subdomain';
  if (name === '' || name.length > 63 || !NAME_PART.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)";
  }
  return undefined;
}

// Kubernetes' FormatMap: sorted `key="value"` lines.
function formatMap(map: Record<string, string>): string {
  return Object.keys(map)
    .sort()
    .map((k) => `${k}=${JSON.stringify(map[k])}`)
    .join('\n');
}

// Argo's extractValueFromRollout: split on ".", "[" and "]", walk maps by key and lists by index.
function jsonField(source: unknown, fieldPath: string): FieldValue {
  let node: unknown = source;
  for (const section of fieldPath.split(/[.[\]]+/).filter((s) => s !== '')) {
    const step = stepInto(node, section, fieldPath);
    if (!step.ok) return step;
    node = step.node;
  }
  if (node === null || node === undefined) return { ok: false, message: `invalid path ${fieldPath} in rollout` };
  if (typeof node === 'object') return { ok: false, message: `path ${fieldPath} in rollout must terminate in a primitive value` };
  return { ok: true, value: formatGoValue(node) };
}

function stepInto(node: unknown, section: string, fieldPath: string): { ok: true; node: unknown } | { ok: false; message: string } {
  if (Array.isArray(node)) {
    if (!/^[+-]?[0-9]+$/.test(section)) return { ok: false, message: `invalid index '${section}'` };
    const index = Number(section);
    if (index < 0 || index >= node.length) return { ok: false, message: `index ${index} out of range` };
    return { ok: true, node: node[index] };
  }
  if (isDict(node)) return { ok: true, node: Object.hasOwn(node, section) ? node[section] : undefined };
  return { ok: false, message: `invalid path ${fieldPath} in rollout` };
}
