// Analysis arguments as Argo resolves them (analysis/analysis.go resolveArgs, utils/template):
// each arg gets its value (`value`, a Secret's key, or a field of the Rollout), then every
// `{{args.name}}` (also `{{ args.name }}`) in the metric is replaced. Argo substitutes into the
// metric's JSON text with each value JSON-escaped, so a value holding quotes or newlines cannot
// break out of its string; the same is done here. Secret values are marked so that every message
// can be masked with `redact`; they never appear in an error of this file.
import type { Argument, Metric } from '../../api/types.js';
import type { SecretKeyRef } from '../../api/schema/analysis-args.js';
import { resolveFieldPath } from './field-path.js';

/** Secret data the caller read, by Secret name then key: `{ "web-creds": { "token": "s3cr3t" } }`. */
export type SecretData = Readonly<Record<string, Readonly<Record<string, string>> | undefined>>;

/** An argument's value, and whether it came from a Secret (and must be masked in every message). */
export interface ResolvedArg {
  name: string;
  value: string;
  secret: boolean;
}

/** A value, or why it could not be had (in Argo's words). */
export type ArgsResult<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * What Argo substitutes for secret args when it only validates a run (getResolvedMetricsWithoutSecrets),
 * so that checks before measuring never need — or leak — the secret.
 */
export const SECRET_PLACEHOLDER = 'temp-for-secret';

/** The Secrets and keys the args read, for the caller to fetch before resolving. */
export function secretRefsOf(args: readonly Argument[] | undefined): SecretKeyRef[] {
  return (args ?? []).flatMap((a) => (a.valueFrom?.secretKeyRef === undefined ? [] : [a.valueFrom.secretKeyRef]));
}

/**
 * Each arg with its value. A secretKeyRef takes the key from `secrets` (or, when `secrets` is not
 * given, SECRET_PLACEHOLDER — validation only); a fieldRef reads `fieldSource` (the Rollout); else
 * `value`. An arg left without a value is an error naming it, as in Argo, even if nothing uses it.
 */
export function resolveArgs(input: { args?: readonly Argument[]; secrets?: SecretData; fieldSource?: unknown }): ArgsResult<ResolvedArg[]> {
  const resolved: ResolvedArg[] = [];
  for (const arg of input.args ?? []) {
    const one = resolveArg(arg, input);
    if (!one.ok) return one;
    resolved.push(one.value);
  }
  return { ok: true, value: resolved };
}

function resolveArg(arg: Argument, input: { secrets?: SecretData; fieldSource?: unknown }): ArgsResult<ResolvedArg> {
  const ref = arg.valueFrom?.secretKeyRef;
  if (ref !== undefined) return secretArg(arg.name, ref, input.secrets);
  if (arg.value !== undefined) return { ok: true, value: { name: arg.name, value: arg.value, secret: false } };
  const fieldPath = arg.valueFrom?.fieldRef?.fieldPath;
  if (fieldPath !== undefined && input.fieldSource !== undefined) {
    const field = resolveFieldPath(input.fieldSource, fieldPath);
    return field.ok ? { ok: true, value: { name: arg.name, value: field.value, secret: false } } : field;
  }
  return { ok: false, message: `argument "${arg.name}" was not supplied` };
}

function secretArg(name: string, ref: SecretKeyRef, secrets: SecretData | undefined): ArgsResult<ResolvedArg> {
  if (secrets === undefined) return { ok: true, value: { name, value: SECRET_PLACEHOLDER, secret: true } };
  const data = secrets[ref.name];
  if (data === undefined) return { ok: false, message: `secrets "${ref.name}" not found` };
  if (!Object.hasOwn(data, ref.key)) return { ok: false, message: `key '${ref.key}' does not exist in secret '${ref.name}'` };
  return { ok: true, value: { name, value: data[ref.key], secret: true } };
}

/** The values to mask in messages: those of secret-backed args (empty ones mask nothing). */
export function secretValuesOf(args: readonly ResolvedArg[]): string[] {
  return [...new Set(args.filter((a) => a.secret && a.value !== '').map((a) => a.value))];
}

/** `text` with every secret value replaced by "*****", as Argo masks measurement messages. */
export function redact(text: string, secretValues: readonly string[]): string {
  return secretValues.reduce((t, secret) => (secret === '' ? t : t.replaceAll(secret, '*****')), text);
}

// Argo marshals a Metric in its Go struct's field order; substitution errors name the last
// unresolved tag, so the same order gives the same message.
const METRIC_FIELD_ORDER = [
  'name', 'interval', 'initialDelay', 'count', 'successCondition', 'failureCondition', 'failureLimit',
  'inconclusiveLimit', 'consecutiveErrorLimit', 'provider', 'consecutiveSuccessLimit',
];

function metricJson(metric: Metric): string {
  const source = metric as unknown as Record<string, unknown>;
  const keys = [...METRIC_FIELD_ORDER.filter((k) => k in source), ...Object.keys(source).filter((k) => !METRIC_FIELD_ORDER.includes(k))];
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, source[k]])));
}

/**
 * The metric with every `{{args.name}}` replaced (Argo's ResolveMetricArgs): in any string of the
 * metric, conditions and provider alike. Example: query `rate{svc="{{args.svc}}"}` with svc
 * `a"b` → `rate{svc="a\"b"}` in JSON, i.e. the string `rate{svc="a"b"}`. An unknown tag is an
 * error ("failed to resolve {{args.x}}"), as is a `{{` never closed.
 */
export function templateMetric(metric: Metric, args: readonly ResolvedArg[]): ArgsResult<Metric> {
  // JSON-escape each value (Argo: strconv.Quote minus the quotes) so it stays inside its string.
  const values = new Map(args.map((a) => [`args.${a.name}`, JSON.stringify(a.value).slice(1, -1)]));
  const substituted = substituteTags(metricJson(metric), values);
  if (!substituted.ok) return substituted;
  try {
    return { ok: true, value: JSON.parse(substituted.value) as Metric };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * valyala/fasttemplate with Argo's tag function: each `{{tag}}` (spaces around the tag ignored) is
 * replaced by its value; the error names the last tag without one.
 */
export function substituteTags(template: string, values: ReadonlyMap<string, string>): ArgsResult<string> {
  let out = '';
  let rest = template;
  let unresolved: string | undefined;
  for (let start = rest.indexOf('{{'); start >= 0; start = rest.indexOf('{{')) {
    out += rest.slice(0, start);
    rest = rest.slice(start + 2);
    const end = rest.indexOf('}}');
    if (end < 0) return { ok: false, message: `Cannot find end tag="}}" in the template=${JSON.stringify(template)} starting from ${JSON.stringify(rest)}` };
    const tag = rest.slice(0, end);
    const value = values.get(tag.trim());
    if (value === undefined) unresolved = tag;
    out += value ?? '';
    rest = rest.slice(end + 2);
  }
  return unresolved === undefined ? { ok: true, value: out + rest } : { ok: false, message: `failed to resolve {{${unresolved}}}` };
}
