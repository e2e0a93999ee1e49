// Reading a Prometheus HTTP API answer the way Argo's prometheus provider does, from the raw JSON
// envelope rather than prometheus-query's parsed result: the library reads sample values with
// parseFloat, which turns Prometheus' "+Inf" into NaN, and Argo's `isInf(result[0])` must see +Inf.
import type { ProviderOutcome } from './provider.js';
import { formatGoFloat, parseGoFloat } from './go-format.js';

/** What the HTTP client saw last: the status and the body (parsed JSON when it was JSON). */
export interface CapturedResponse {
  status: number;
  data: unknown;
}

type Parsed = { ok: true; values: number[]; scalar: boolean } | { ok: false; message: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The outcome of a successful query. A vector or matrix gives the list of sample values
 * (`result` [0.99], `value` "[0.99]"; a matrix is flattened series by series), a scalar gives the
 * number (`result` 0.99, `value` "0.99"); a string result is an error, as in Argo. Warnings go to
 * metadata as Argo writes them: `"w1", "w2"`.
 */
export function outcomeFromEnvelope(envelope: unknown): ProviderOutcome {
  const parsed = parseEnvelope(envelope);
  if (!parsed.ok) return { kind: 'error', message: parsed.message };
  const warnings = warningsOf(envelope);
  const metadata = warnings === undefined ? undefined : { warnings };
  const text = parsed.values.map(formatGoFloat);
  if (parsed.scalar) return { kind: 'value', result: parsed.values[0], value: text[0], ...(metadata && { metadata }) };
  return { kind: 'value', result: parsed.values, value: `[${text.join(',')}]`, ...(metadata && { metadata }) };
}

function parseEnvelope(envelope: unknown): Parsed {
  const data = isRecord(envelope) && envelope.status === 'success' ? envelope.data : undefined;
  if (!isRecord(data)) return badResponse(envelope);
  switch (data.resultType) {
    case 'vector':
      return samples(data.result, (s) => [isRecord(s) ? s.value : undefined]);
    case 'matrix':
      return samples(data.result, (s) => (isRecord(s) && Array.isArray(s.values) ? (s.values as unknown[]) : [undefined]));
    case 'scalar':
      return samples([data.result], (s) => [s], true);
    case 'string':
      return { ok: false, message: 'Prometheus metric type not supported' };
    default:
      return badResponse(envelope);
  }
}

/** Sample values from `[time, "value"]` pairs; null series are skipped, as Argo skips nil samples. */
function samples(series: unknown, pairsOf: (s: unknown) => unknown[], scalar = false): Parsed {
  if (!Array.isArray(series)) return { ok: false, message: 'bad_response: result is not a list' };
  const values: number[] = [];
  for (const pair of series.filter((s) => s !== null).flatMap(pairsOf)) {
    const value = Array.isArray(pair) && typeof pair[1] === 'string' ? parseGoFloat(pair[1]) : undefined;
    if (value === undefined) return { ok: false, message: `bad_response: cannot read sample ${JSON.stringify(pair) ?? 'undefined'}` };
    values.push(value);
  }
  return { ok: true, values, scalar };
}

function warningsOf(envelope: unknown): string | undefined {
  const warnings = isRecord(envelope) && Array.isArray(envelope.warnings) ? envelope.warnings.filter((w) => typeof w === 'string') : [];
  return warnings.length === 0 ? undefined : warnings.map((w) => `"${w}"`).join(', ');
}

function badResponse(body: unknown): Parsed {
  return { ok: false, message: `bad_response: not a Prometheus API answer: ${snippet(body)}` };
}

/** The first 200 characters of a body, for messages. */
export function snippet(body: unknown): string {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Why a query that prometheus-query rejected failed, in the Go client's words where it has them:
 * "bad_data: parse error…" for an API error body, "server_error: server error: 503" for a 5xx
 * without one, "client_error: client error: 404" for a 4xx, "bad_response: …" for a body that is not
 * the API's JSON. Undefined when no HTTP answer arrived (the caller names the network failure).
 */
export function describeHttpFailure(response: CapturedResponse | undefined): string | undefined {
  if (response === undefined) return undefined;
  const { status, data } = response;
  if (isRecord(data) && typeof data.error === 'string') {
    return `${typeof data.errorType === 'string' ? data.errorType : 'error'}: ${data.error}`;
  }
  if (status >= 500) return `server_error: server error: ${status}`;
  if (status >= 400) return `client_error: client error: ${status}`;
  return `bad_response: not a Prometheus API answer: ${snippet(data)}`;
}

/** The message of whatever prometheus-query rejected with: plain objects `{ error }`, Errors, strings. */
export function rejectionText(rejection: unknown): string {
  if (rejection instanceof Error) return rejection.message;
  if (isRecord(rejection) && typeof rejection.error === 'string') return rejection.error;
  return typeof rejection === 'string' ? rejection : snippet(rejection);
}
