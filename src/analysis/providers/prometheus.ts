// Argo's `provider.prometheus`: an instant query (or a range query with `rangeQuery`) through
// prometheus-query's PrometheusDriver. Argo's rules, kept here:
// - `address` must be a URL; without one, ARGO_ROLLOUTS_PROMETHEUS_ADDRESS (passed in as
//   `defaultAddress`) is used; without either the measurement is an error.
// - `timeout` is in seconds, 30 when unset; negative is an error; 0 makes every query time out.
// - The query is POSTed as a form, falling back to GET when the server answers 405, as the Go client.
// - Headers from `headers` win over OAuth2's bearer token, which wins over `basicAuth`.
// - `authentication.sigv4` (Amazon Managed Prometheus, address containing "aps-workspaces") is
//   not supported here: such a metric gets an error outcome that says so. Argo ignores sigv4 for any
//   other address, and so does this provider.
import type { DateTime } from 'luxon';
import { isAxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { PrometheusDriver } from 'prometheus-query';
import { parseGoDuration } from '../../api/duration.js';
import type { BasicAuthConfig, Metric, OAuth2Config, PrometheusMetric, PrometheusRangeQuery, Sigv4Config } from '../../api/types.js';
import type { Logger } from '../../shared/logger.js';
import { startDeadline, type Deadline } from './deadline.js';
import { INSECURE_AGENT, describeRequestFailure, headersFrom, originOf, redactSecrets, safeUrl, setHeader } from './http-call.js';
import { fetchOAuth2Token, wantsOAuth2 } from './oauth2.js';
import { describeHttpFailure, outcomeFromEnvelope, rejectionText, type CapturedResponse } from './prometheus-response.js';
import { guardOutcome } from './outcome-guard.js';
import type { MeasureRequest, MetricProvider, ProviderOutcome } from './provider.js';
import { evalTimeExpression } from './time-expression.js';

/** What the Prometheus provider needs from the process. */
export interface PrometheusProviderDeps {
  log: Logger;
  /** Argo's ARGO_ROLLOUTS_PROMETHEUS_ADDRESS: the address for metrics that set none. */
  defaultAddress?: string;
}

/** Everything a query needs, checked before anything is sent. */
interface QuerySetup {
  address: string;
  headers: Record<string, string>;
  basicAuth?: { username: string; password: string };
  oauth2?: OAuth2Config & { tokenUrl: string };
  timeoutMs: number;
  insecure: boolean;
  /** Values that must never appear in a message: header values, the password, the client secret. */
  secrets: string[];
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const DEFAULT_TIMEOUT_SECONDS = 30;

/** The Prometheus provider: `createPrometheusProvider({ log })`. */
export function createPrometheusProvider(deps: PrometheusProviderDeps): MetricProvider {
  return { kind: 'prometheus', measure: (request) => guardOutcome(() => measurePrometheus(deps, request)) };
}

async function measurePrometheus(deps: PrometheusProviderDeps, request: MeasureRequest): Promise<ProviderOutcome> {
  const spec = 'prometheus' in request.metric.provider ? request.metric.provider.prometheus : undefined;
  if (spec === undefined) return { kind: 'error', message: `metric '${request.metric.name}' has no prometheus provider` };
  const setup = checkSetup(spec, deps.defaultAddress);
  if (!setup.ok) return { kind: 'error', message: setup.message };
  const query = planQuery(spec, request.now);
  if (!query.ok) return { kind: 'error', message: query.message };
  deps.log.debug({ metric: request.metric.name, origin: originOf(setup.value.address) }, 'querying prometheus');
  const outcome = await runQuery(setup.value, query.value, request.signal);
  logWarnings(deps.log, request.metric, outcome);
  return outcome;
}

function checkSetup(spec: PrometheusMetric, defaultAddress: string | undefined): Checked<QuerySetup> {
  const address = resolveAddress(spec.address, defaultAddress);
  if (!address.ok) return address;
  const basicAuth = checkBasicAuth(spec.authentication?.basicAuth);
  if (!basicAuth.ok) return basicAuth;
  const unsupported = checkSigv4(spec.authentication?.sigv4, address.value);
  if (unsupported !== undefined) return { ok: false, message: unsupported };
  const oauth2 = checkOAuth2(spec.authentication?.oauth2);
  if (!oauth2.ok) return oauth2;
  const timeout = spec.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  if (timeout < 0) return { ok: false, message: 'prometheus timeout should not be negative' };
  const headers = headersFrom(spec.headers);
  const setup = { address: address.value, headers, basicAuth: basicAuth.value, oauth2: oauth2.value, timeoutMs: timeout * 1000 };
  return { ok: true, value: { ...setup, insecure: spec.insecure === true, secrets: secretsOf(setup) } };
}

function secretsOf(setup: Pick<QuerySetup, 'headers' | 'basicAuth' | 'oauth2'>): string[] {
  const candidates = [...Object.values(setup.headers), setup.basicAuth?.password, setup.oauth2?.clientSecret];
  return candidates.filter((v): v is string => v !== undefined);
}

function resolveAddress(address: string | undefined, defaultAddress: string | undefined): Checked<string> {
  const chosen = address !== undefined && address !== '' ? address : (defaultAddress ?? '');
  if (chosen === '') return { ok: false, message: 'prometheus address is not configured' };
  return isUrl(chosen) ? { ok: true, value: chosen } : { ok: false, message: 'prometheus address is not in url format' };
}

// Go's url.Parse accepts more than WHATWG's URL, but both need a scheme and a host here.
function isUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol !== '' && url.host !== '';
  } catch {
    return false;
  }
}

function checkBasicAuth(basicAuth: BasicAuthConfig | undefined): Checked<QuerySetup['basicAuth']> {
  const username = basicAuth?.username ?? '';
  const password = basicAuth?.password ?? '';
  if (username === '' && password === '') return { ok: true, value: undefined };
  if (username === '' || password === '') {
    return { ok: false, message: `missing mandatory parameter in metric for basic auth setup: ${username === '' ? 'username' : 'password'}` };
  }
  return { ok: true, value: { username, password } };
}

// Argo signs with SigV4 only for Amazon Managed Prometheus addresses; elsewhere it ignores the field.
function checkSigv4(sigv4: Sigv4Config | undefined, address: string): string | undefined {
  const set = sigv4 !== undefined && Object.values(sigv4).some((v) => v !== undefined && v !== '');
  if (!set || !address.includes('aps-workspaces')) return undefined;
  return 'prometheus authentication.sigv4 (Amazon Managed Prometheus) is not supported by this controller';
}

function checkOAuth2(oauth2: OAuth2Config | undefined): Checked<QuerySetup['oauth2']> {
  if (!wantsOAuth2(oauth2)) return { ok: true, value: undefined };
  if ((oauth2.clientId ?? '') === '' || (oauth2.clientSecret ?? '') === '') {
    return { ok: false, message: 'missing mandatory parameter in metric for OAuth2 setup' };
  }
  return { ok: true, value: oauth2 };
}

/** One call on a driver: an instant query at `now`, or a range query with Argo's evaluated bounds. */
type Query = (driver: PrometheusDriver) => Promise<unknown>;

function planQuery(spec: PrometheusMetric, now: DateTime): Checked<Query> {
  const expression = spec.query ?? '';
  if (spec.rangeQuery === undefined) return { ok: true, value: (driver) => driver.instantQuery(expression, now.toJSDate()) };
  const range = rangeBounds(spec.rangeQuery, now);
  if (!range.ok) return range;
  const { start, end, stepSeconds } = range.value;
  return { ok: true, value: (driver) => driver.rangeQuery(expression, start, end, stepSeconds) };
}

function rangeBounds(range: PrometheusRangeQuery, now: DateTime): Checked<{ start: Date; end: Date; stepSeconds: number }> {
  const start = evalTimeExpression(range.start ?? '', now);
  if (!start.ok) return { ok: false, message: `failed to parse rangeQuery.start as time: ${start.message}` };
  const end = evalTimeExpression(range.end ?? '', now);
  if (!end.ok) return { ok: false, message: `failed to parse rangeQuery.end as time: ${end.message}` };
  const step = parseGoDuration(range.step ?? '');
  if (!step.ok) return { ok: false, message: `failed to parse rangeQuery.step as duration: ${step.message}` };
  return { ok: true, value: { start: start.value.toJSDate(), end: end.value.toJSDate(), stepSeconds: Number(step.value) / 1e9 } };
}

async function runQuery(setup: QuerySetup, query: Query, signal: AbortSignal): Promise<ProviderOutcome> {
  const deadline = startDeadline(signal, setup.timeoutMs);
  const capture: { response?: CapturedResponse } = {};
  const redact = (message: string): string => redactSecrets(message, setup.secrets);
  try {
    const headers = await requestHeaders(setup, deadline);
    if (!headers.ok) return { kind: 'error', message: redact(headers.message) };
    try {
      await query(createDriver({ setup, headers: headers.value, deadline, capture }, true));
    } catch (err) {
      // The Go client POSTs and falls back to GET when the server (or a proxy) refuses POST.
      if (capture.response?.status !== 405) throw err;
      await query(createDriver({ setup, headers: headers.value, deadline, capture }, false));
    }
    return outcomeFromEnvelope(capture.response?.data);
  } catch (err) {
    const what = `query to ${safeUrl(setup.address)}`;
    const http = deadline.signal.aborted ? undefined : describeHttpFailure(capture.response);
    return { kind: 'error', message: redact(http ?? describeRequestFailure({ message: rejectionText(err) }, what, deadline)) };
  } finally {
    deadline.clear();
  }
}

async function requestHeaders(setup: QuerySetup, deadline: Deadline): Promise<Checked<Record<string, string>>> {
  const headers = { ...setup.headers };
  if (setup.oauth2 === undefined) return { ok: true, value: headers };
  const token = await fetchOAuth2Token(setup.oauth2, { timeoutMs: setup.timeoutMs, insecure: setup.insecure, signal: deadline.signal });
  if (!token.ok) return token;
  // A metric's own Authorization header is set last in Argo's round-tripper chain, so it wins.
  if (!hasAuthorization(headers)) setHeader(headers, 'Authorization', token.authorization);
  return { ok: true, value: headers };
}

const hasAuthorization = (headers: Record<string, string>): boolean => Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');

interface DriverWiring {
  setup: QuerySetup;
  headers: Record<string, string>;
  deadline: Deadline;
  capture: { response?: CapturedResponse };
}

// A driver per measurement: its interceptors carry this measurement's deadline and record the raw
// answer (success or HTTP error) for outcomeFromEnvelope and describeHttpFailure.
function createDriver({ setup, headers, deadline, capture }: DriverWiring, preferPost: boolean): PrometheusDriver {
  const record = (response: AxiosResponse): void => {
    capture.response = { status: response.status, data: response.data };
  };
  return new PrometheusDriver({
    endpoint: setup.address,
    headers,
    // Basic auth only when nothing else sets Authorization, as Go's basic-auth round-tripper.
    auth: hasAuthorization(headers) ? undefined : setup.basicAuth,
    // The deadline names the timeout; the driver's own timeout is only a backstop behind it.
    timeout: setup.timeoutMs + 1000,
    preferPost,
    requestInterceptor: {
      onFulfilled: (config: InternalAxiosRequestConfig): InternalAxiosRequestConfig => {
        config.signal = deadline.signal;
        if (setup.insecure) config.httpsAgent = INSECURE_AGENT;
        return config;
      },
    },
    responseInterceptor: {
      onFulfilled: (response: AxiosResponse): AxiosResponse => {
        record(response);
        return response;
      },
      onRejected: (err: unknown): Promise<never> => {
        if (isAxiosError(err) && err.response !== undefined) record(err.response);
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      },
    },
  });
}

function logWarnings(log: Logger, metric: Metric, outcome: ProviderOutcome): void {
  const warnings = outcome.kind === 'value' ? outcome.metadata?.warnings : undefined;
  if (warnings !== undefined) log.warn({ metric: metric.name, warnings }, 'prometheus returned warnings');
}
