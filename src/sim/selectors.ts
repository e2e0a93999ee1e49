import { isJsonObject, str, type JsonObject, type JsonValue } from './json.js';

/** One parsed requirement of a label selector. */
export type LabelRequirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'gt' | 'lt'; key: string; value: number };

/** A selector that matches objects by label or field; empty selectors match everything. */
export type Matcher = (obj: JsonObject) => boolean;

export class SelectorError extends Error {}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

/** Splits at commas that are not inside parentheses: "a in (x,y),b" → ["a in (x,y)", "b"]. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function checkKey(key: string, whole: string): string {
  if (!KEY.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in "${whole}"`);
  return key;
}

function parseSetRequirement(part: string): LabelRequirement | undefined {
  const m = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (!m) return undefined;
  const values = m[3].split(',').map((v) => v.trim()).filter((v) => v !== '');
  return { op: m[2] as 'in' | 'notin', key: checkKey(m[1], part), values };
}

function parseRequirement(part: string): LabelRequirement {
  const set = parseSetRequirement(part);
  if (set) return set;
  if (part.startsWith('!')) return { op: 'notexists', key: checkKey(part.slice(1).trim(), part) };
  const m = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(\S*)$/.exec(part);
  if (!m) return { op: 'exists', key: checkKey(part, part) };
  const [, key, op, value] = m;
  if (op === '>' || op === '<') {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new SelectorError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer in "${part}"`);
    return { op: op === '>' ? 'gt' : 'lt', key: checkKey(key, part), value: n };
  }
  return { op: op === '!=' ? 'neq' : 'eq', key: checkKey(key, part), value };
}

/** Parses a label selector string as kube-apiserver accepts it (`a=b,c!=d,e in (x,y),!f`). */
export function parseLabelSelector(text: string): LabelRequirement[] {
  return splitTopLevel(text).map(parseRequirement);
}

// A missing label satisfies exactly the negative operators: `!a`, `a!=x` and `a notin (x)`.
function matchesRequirement(labels: Record<string, string>, r: LabelRequirement): boolean {
  if (!Object.hasOwn(labels, r.key)) return r.op === 'notexists' || r.op === 'neq' || r.op === 'notin';
  return matchesValue(labels[r.key], r);
}

// A present label `v` against a requirement on it: `tier in (web,api)` matches v = "web".
function matchesValue(v: string, r: LabelRequirement): boolean {
  switch (r.op) {
    case 'exists':
      return true;
    case 'notexists':
      return false;
    case 'eq':
      return v === r.value;
    case 'neq':
      return v !== r.value;
    case 'in':
      return r.values.includes(v);
    case 'notin':
      return !r.values.includes(v);
    case 'gt':
      return Number(v) > r.value;
    case 'lt':
      return Number(v) < r.value;
  }
}

/** The labels of an object as a string map (missing → empty). */
export function labelsOf(obj: JsonObject): Record<string, string> {
  const meta = obj.metadata;
  const labels = isJsonObject(meta) ? meta.labels : undefined;
  return isJsonObject(labels) ? (labels as Record<string, string>) : {};
}

/** A matcher for a label selector string. */
export function labelMatcher(text: string | null | undefined): Matcher | undefined {
  if (!text) return undefined;
  const reqs = parseLabelSelector(text);
  return (obj) => {
    const labels = labelsOf(obj);
    return reqs.every((r) => matchesRequirement(labels, r));
  };
}

/** Matches a metav1.LabelSelector object (matchLabels + matchExpressions) against labels. */
export function matchesLabelSelectorObject(selector: JsonValue | undefined, labels: Record<string, string>): boolean {
  if (!isJsonObject(selector)) return false;
  const matchLabels = isJsonObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isJsonObject) : [];
  return exprs.every((e) => matchesRequirement(labels, expressionRequirement(e)));
}

function expressionRequirement(e: JsonObject): LabelRequirement {
  const key = typeof e.key === 'string' ? e.key : '';
  const values = Array.isArray(e.values) ? e.values.filter((v): v is string => typeof v === 'string') : [];
  switch (e.operator) {
    case 'In':
      return { op: 'in', key, values };
    case 'NotIn':
      return { op: 'notin', key, values };
    case 'DoesNotExist':
      return { op: 'notexists', key };
    default:
      return { op: 'exists', key };
  }
}

/** Renders a metav1.LabelSelector as the selector string kubectl and scale subresources use. */
export function formatLabelSelectorObject(selector: JsonValue | undefined): string {
  if (!isJsonObject(selector)) return '';
  const parts: string[] = [];
  const matchLabels = isJsonObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const k of Object.keys(matchLabels).sort()) parts.push(`${k}=${str(matchLabels[k])}`);
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isJsonObject) : [];
  for (const e of exprs) parts.push(formatExpression(e));
  return parts.join(',');
}

function formatExpression(e: JsonObject): string {
  const key = str(e.key);
  const values = Array.isArray(e.values) ? e.values.map(String).sort().join(',') : '';
  switch (e.operator) {
    case 'In':
      return `${key} in (${values})`;
    case 'NotIn':
      return `${key} notin (${values})`;
    case 'DoesNotExist':
      return `!${key}`;
    default:
      return key;
  }
}

// Fields each kind can be selected by, besides metadata.name and metadata.namespace.
const FIELD_LABELS: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Secret: ['type'],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
  Node: ['spec.unschedulable'],
};

function fieldValue(obj: JsonObject, path: string): string {
  if (path === 'source') return fieldValue(obj, 'source.component');
  let cur: JsonValue | undefined = obj;
  for (const seg of path.split('.')) cur = isJsonObject(cur) ? cur[seg] : undefined;
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** A matcher for a field selector string (`metadata.name=x,status.phase!=Running`), checked against the kind's field labels. */
export function fieldMatcher(text: string | null | undefined, kind: string, namespaced: boolean): Matcher | undefined {
  if (!text) return undefined;
  const allowed = new Set(['metadata.name', ...(namespaced ? ['metadata.namespace'] : []), ...(FIELD_LABELS[kind] ?? [])]);
  const reqs = splitTopLevel(text).map((part) => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    if (!allowed.has(m[1])) throw new SelectorError(`field label not supported: ${m[1]}`);
    return { path: m[1], negate: m[2] === '!=', value: m[3] };
  });
  return (obj) => reqs.every((r) => (fieldValue(obj, r.path) === r.value) !== r.negate);
}
