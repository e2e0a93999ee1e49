// Argo's `provider.web`: one HTTP request, the answer's JSON narrowed by `jsonPath`. Argo's rules,
// kept here:
// - `method` GET (default), POST or PUT; `body` or `jsonBody` (not both, and not with GET);
//   `jsonBody` is sent as JSON with Content-Type application/json.
// - `timeoutSeconds` ≤ 0 or unset means 10 s; `insecure` skips TLS verification; `authentication.oauth2`
//   fetches a client-credentials token whose Authorization header replaces the metric's own.
// - A non-2xx answer is an error naming the status.
// - A body that is not JSON is not an error: `result` is the body text, as Argo evaluates it.
// - `jsonPath` uses Kubernetes' template form `{$.data.ok}` (default `{$}`); the first match is
//   `result`, and `value` is that match as Go's json.Marshal writes it.
// Header values can carry secrets (from `valueFrom.secretKeyRef` args): they are never logged, and
// any that a server echoes back is redacted from messages.
import { JSONPath } from 'jsonpath-plus';
import type { WebMetric } from '../../api/types.js';
import type { Logger } from '../../shared/logger.js';
import { marshalGoJson } from './go-format.js';
import { headersFrom, originOf, redactSecrets, sendHttp, setHeader, type HttpMethod } from './http-call.js';
import { fetchOAuth2Token, wantsOAuth2 } from './oauth2.js';
import { guardOutcome } from './outcome-guard.js';
import type { MeasureRequest, MetricProvider, ProviderOutcome } from './provider.js';

/** What the web provider needs from the process. */
export interface WebProviderDeps {
  log: Logger;
}

const DEFAULT_TIMEOUT_SECONDS = 10;

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** The web provider: `createWebProvider({ log })`. */
export function createWebProvider(deps: WebProviderDeps): MetricProvider {
  return { kind: 'web', measure: (request) => guardOutcome(() => measureWeb(deps, request)) };
}

interface PreparedRequest {
  method: HttpMethod;
  headers: Record<string, string>;
  body?: string;
}

async function measureWeb(deps: WebProviderDeps, request: MeasureRequest): Promise<ProviderOutcome> {
  const spec = 'web' in request.metric.provider ? request.metric.provider.web : undefined;
  if (spec === undefined) return { kind: 'error', message: `metric '${request.metric.name}' has no web provider` };
  const prepared = prepareRequest(spec);
  if (!prepared.ok) return { kind: 'error', message: prepared.message };
  const { method, headers, body } = prepared.value;
  const call = { timeoutMs: timeoutMs(spec), insecure: spec.insecure === true, signal: request.signal };
  const secrets = Object.values(headers);
  const authorized = await authorize(spec, headers, call);
  if (authorized !== undefined) return { kind: 'error', message: redactSecrets(authorized, secrets) };
  // Scheme and host only: the path and query are the metric's, after args (secrets too) were substituted.
  deps.log.debug({ metric: request.metric.name, method, origin: originOf(spec.url) }, 'calling web metric');
  const answer = await sendHttp({ ...call, method, url: spec.url, headers, body });
  if (!answer.ok) return { kind: 'error', message: redactSecrets(answer.message, secrets) };
  if (answer.status < 200 || answer.status >= 300) return { kind: 'error', message: `received non 2xx response code: ${answer.status}` };
  return outcomeFromBody(answer.body, spec.jsonPath);
}

const timeoutMs = (spec: WebMetric): number => (spec.timeoutSeconds !== undefined && spec.timeoutSeconds > 0 ? spec.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000;

/**
 * Adds OAuth2's Authorization header when the metric asks for it; Go's oauth2 transport sets it on
 * the outgoing request, over any Authorization header of the metric. The failure's message, if any.
 */
async function authorize(spec: WebMetric, headers: Record<string, string>, call: { timeoutMs: number; insecure: boolean; signal: AbortSignal }): Promise<string | undefined> {
  const oauth2 = spec.authentication?.oauth2;
  if (!wantsOAuth2(oauth2)) return undefined;
  const token = await fetchOAuth2Token(oauth2, call);
  if (!token.ok) return token.message;
  setHeader(headers, 'Authorization', token.authorization);
  return undefined;
}

function prepareRequest(spec: WebMetric): Checked<PreparedRequest> {
  const method = spec.method ?? 'GET';
  const hasBody = spec.body !== undefined && spec.body !== '';
  if (hasBody && spec.jsonBody !== undefined) {
    return { ok: false, message: 'use either Body or JSONBody; both cannot exists for WebMetric payload' };
  }
  if ((hasBody || spec.jsonBody !== undefined) && method === 'GET') {
    return { ok: false, message: 'Body/JSONBody can only be used with POST or PUT WebMetric Method types' };
  }
  const headers = headersFrom(spec.headers);
  if (spec.jsonBody === undefined) return { ok: true, value: { method, headers, body: hasBody ? spec.body : undefined } };
  setHeader(headers, 'Content-Type', 'application/json');
  return { ok: true, value: { method, headers, body: marshalGoJson(spec.jsonBody) } };
}

/**
 * `result` and `value` from a 2xx body: the first jsonPath match of its JSON, or the body text when
 * it is not JSON. `{"data":{"ok":true}}` with `{$.data.ok}` → result true, value "true";
 * `{$.data}` → result {ok: true}, value `{"ok":true}`; body `OK` → result "OK", value "OK".
 */
export function outcomeFromBody(body: string, jsonPath: string | undefined): ProviderOutcome {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { kind: 'value', result: body, value: body };
  }
  const found = firstMatch(data, jsonPath === undefined || jsonPath === '' ? '{$}' : jsonPath);
  if (!found.ok) return { kind: 'error', message: found.message };
  return { kind: 'value', result: found.value, value: marshalGoJson(found.value) };
}

function firstMatch(data: unknown, template: string): Checked<unknown> {
  const path = toJsonPath(template);
  // jsonpath-plus finds nothing at the root of a JSON null; Kubernetes' jsonpath returns it.
  if (path === '$') return { ok: true, value: data };
  try {
    const matches: unknown[] = JSONPath<unknown[]>({ path, json: data as object, wrap: true, eval: 'safe' });
    if (matches.length > 0) return { ok: true, value: matches[0] };
    return { ok: false, message: `Could not find JSONPath in body: ${template} produced no value` };
  } catch (err) {
    return { ok: false, message: `Could not find JSONPath in body: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * A Kubernetes jsonpath template as a JSONPath: "{$.data.ok}" → "$.data.ok", "{.items[0]}" →
 * "$.items[0]", "{$}" → "$". A path written without braces is taken as it is.
 */
export function toJsonPath(template: string): string {
  const trimmed = template.trim();
  const inner = trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed.slice(1, -1).trim() : trimmed;
  if (inner === '' || inner === '$') return '$';
  return inner.startsWith('.') || inner.startsWith('[') ? `$${inner}` : inner;
}
