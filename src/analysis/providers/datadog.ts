// Argo's `provider.datadog`, with Argo's request shapes (Datadog's documented API):
// - v1 (the default): GET {address}/api/v1/query?from=<now-interval>&query=<query>&to=<now>, Unix seconds.
// - v2: POST {address}/api/v2/query/scalar with
//   {"data":{"attributes":{"from":ms,"to":ms,"queries":[{"aggregator","data_source":"metrics","name","query"}],
//   "formulas":[{"formula"}]},"type":"scalar_request"}}; `query` alone becomes queries {query: …};
//   the aggregator defaults to "last".
// - Headers Content-Type: application/json, DD-API-KEY, DD-APPLICATION-KEY; address defaults to
//   https://api.datadoghq.com; `interval` defaults to 5m, `requestTimeout` to 10s.
// Credentials, as Argo finds them: with `secretRef.name`, that Secret — in the run's namespace when
// `secretRef.namespaced`, else in the controller's; without it, the environment (DD_API_KEY,
// DD_APP_KEY and DD_ADDRESS, all three) and then the Secret `datadog` in the controller's namespace.
// Keys: `api-key`, `app-key` (both required), `address` (optional). Key values never reach a log,
// a message (a server echoing one back is redacted) or metadata.
import { parseGoDuration } from '../../api/duration.js';
import type { DatadogMetric } from '../../api/types.js';
import type { Logger } from '../../shared/logger.js';
import type { ReadSecret } from '../ports.js';
import { outcomeFromV1, outcomeFromV2 } from './datadog-response.js';
import { redactSecrets, sendHttp, type HttpAnswer, type HttpRequest } from './http-call.js';
import { guardOutcome } from './outcome-guard.js';
import type { MeasureRequest, MetricProvider, ProviderOutcome } from './provider.js';

/** What the Datadog provider needs from the process. */
export interface DatadogProviderDeps {
  log: Logger;
  readSecret: ReadSecret;
  /** Where the `datadog` Secret (and a secretRef that is not `namespaced`) lives. */
  controllerNamespace: string;
  /** The controller's environment, for DD_API_KEY / DD_APP_KEY / DD_ADDRESS (none when omitted). */
  env?: Readonly<Record<string, string | undefined>>;
}

interface Credentials {
  address: string;
  apiKey: string;
  appKey: string;
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const DEFAULT_ADDRESS = 'https://api.datadoghq.com';
const DEFAULT_SECRET = 'datadog';

/** The Datadog provider: `createDatadogProvider({ log, readSecret, controllerNamespace })`. */
export function createDatadogProvider(deps: DatadogProviderDeps): MetricProvider {
  return { kind: 'datadog', measure: (request) => guardOutcome(() => measureDatadog(deps, request)) };
}

async function measureDatadog(deps: DatadogProviderDeps, request: MeasureRequest): Promise<ProviderOutcome> {
  const spec = 'datadog' in request.metric.provider ? request.metric.provider.datadog : undefined;
  if (spec === undefined) return { kind: 'error', message: `metric '${request.metric.name}' has no datadog provider` };
  const credentials = await findCredentials(deps, spec, request.run.metadata?.namespace ?? '');
  if (!credentials.ok) return { kind: 'error', message: credentials.message };
  const invalid = validateSpec(spec);
  if (invalid !== undefined) return { kind: 'error', message: invalid };
  const prepared = prepareRequest(spec, credentials.value, request);
  if (!prepared.ok) return { kind: 'error', message: prepared.message };
  const v1 = isV1(spec);
  if (v1) deps.log.warn({ metric: request.metric.name }, 'Datadog will soon deprecate their API v1. Please consider switching to v2 soon.');
  const outcome = outcomeFromAnswer(await sendHttp(prepared.value), v1);
  if (outcome.kind !== 'error') return outcome;
  return { kind: 'error', message: redactSecrets(outcome.message, [credentials.value.apiKey, credentials.value.appKey]) };
}

const isV1 = (spec: DatadogMetric): boolean => (spec.apiVersion ?? 'v1') === 'v1';
const present = (v: string | undefined): v is string => v !== undefined && v !== '';

function outcomeFromAnswer(answer: HttpAnswer, v1: boolean): ProviderOutcome {
  if (!answer.ok) return { kind: 'error', message: answer.message };
  if (answer.status === 401 || answer.status === 403) {
    return { kind: 'error', message: `received authentication error response code: ${answer.status} ${answer.body}` };
  }
  if (answer.status !== 200) return { kind: 'error', message: `received non 2xx response code: ${answer.status} ${answer.body}` };
  return v1 ? outcomeFromV1(answer.body) : outcomeFromV2(answer.body);
}

async function findCredentials(deps: DatadogProviderDeps, spec: DatadogMetric, runNamespace: string): Promise<Checked<Credentials>> {
  const where = secretLocation(deps, spec, runNamespace);
  if (!where.ok) return where;
  const { namespace, name, envFirst } = where.value;
  const fromEnv = envFirst ? credentialsFromEnv(deps.env ?? {}) : undefined;
  if (fromEnv !== undefined) return { ok: true, value: fromEnv };
  const fromSecret = await credentialsFromSecret(deps.readSecret, namespace, name);
  if (fromSecret.ok) return fromSecret;
  const reasons = [...(envFirst ? ['DD_API_KEY, DD_APP_KEY and DD_ADDRESS are not all set'] : []), fromSecret.message];
  return { ok: false, message: `failed to find the credentials for datadog metrics provider: ${reasons.join('; ')}` };
}

// A named Secret is the only place looked at; without a name, Argo tries the environment first.
function secretLocation(deps: DatadogProviderDeps, spec: DatadogMetric, runNamespace: string): Checked<{ namespace: string; name: string; envFirst: boolean }> {
  const name = spec.secretRef?.name ?? '';
  const namespaced = spec.secretRef?.namespaced === true;
  if (namespaced && name === '') return { ok: false, message: 'secret name is required for namespaced credentials' };
  if (name === '') return { ok: true, value: { namespace: deps.controllerNamespace, name: DEFAULT_SECRET, envFirst: true } };
  return { ok: true, value: { namespace: namespaced ? runNamespace : deps.controllerNamespace, name, envFirst: false } };
}

function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): Credentials | undefined {
  const { DD_API_KEY: apiKey, DD_APP_KEY: appKey, DD_ADDRESS: address } = env;
  // Argo takes the environment only when all three are set, and then only with both keys non-empty.
  if (apiKey === undefined || appKey === undefined || address === undefined) return undefined;
  return apiKey !== '' && appKey !== '' ? { address, apiKey, appKey } : undefined;
}

async function credentialsFromSecret(readSecret: ReadSecret, namespace: string, name: string): Promise<Checked<Credentials>> {
  const where = `secret ${namespace}/${name}`;
  try {
    const [apiKey, appKey, address] = await Promise.all(['api-key', 'app-key', 'address'].map((key) => readSecret(namespace, name, key)));
    if (present(apiKey) && present(appKey)) return { ok: true, value: { address: address ?? '', apiKey, appKey } };
    const missing = [present(apiKey) ? '' : 'api-key', present(appKey) ? '' : 'app-key'].filter((k) => k !== '');
    return { ok: false, message: `${where} is missing or has no ${missing.join(', ')}` };
  } catch (err) {
    return { ok: false, message: `${where} could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Argo's validateIncomingProps, with its messages: what the CRD schema cannot express. */
export function validateSpec(spec: DatadogMetric): string | undefined {
  const query = present(spec.query);
  const queryCount = Object.keys(spec.queries ?? {}).length;
  const formula = present(spec.formula);
  const v1 = isV1(spec);
  const rules: [boolean, string][] = [
    [!query && queryCount === 0, 'Must have either a query or queries. Please review the Analysis Template.'],
    [query && queryCount > 0, 'Cannot have both a query and queries. Please review the Analysis Template.'],
    [v1 && !query, 'Query is empty. API Version v1 only supports using the query parameter in your Analysis Template.'],
    [formula && queryCount === 0, 'Formula are only valid when queries are set. Please review the Analysis Template.'],
    [!formula && queryCount > 1, 'When multiple queries are provided you must include a formula.'],
    [v1 && spec.aggregator !== undefined, 'Aggregator is not supported in v1. Please review the Analysis Template.'],
  ];
  return rules.find(([broken]) => broken)?.[1] ?? validateTimeout(spec.requestTimeout);
}

function validateTimeout(requestTimeout: string | undefined): string | undefined {
  if (!present(requestTimeout)) return undefined;
  const parsed = parseGoDuration(requestTimeout);
  if (!parsed.ok) return `Could not parse the request timeout: ${parsed.message}. Please review the Analysis Template.`;
  return parsed.value <= 0n ? 'Request timeout must be a positive duration (e.g. 30s). Please review the Analysis Template.' : undefined;
}

function prepareRequest(spec: DatadogMetric, credentials: Credentials, request: MeasureRequest): Checked<HttpRequest> {
  const interval = parseGoDuration(spec.interval ?? '5m');
  if (!interval.ok) return interval;
  // Datadog takes Unix seconds; Argo truncates both the clock and the interval to whole seconds.
  const now = Math.floor(request.now.toSeconds());
  const from = now - Number(interval.value / 1_000_000_000n);
  const timeout = parseGoDuration(present(spec.requestTimeout) ? spec.requestTimeout : '10s');
  const timeoutMs = timeout.ok ? Number(timeout.value / 1_000_000n) : 10_000;
  const base = (credentials.address === '' ? DEFAULT_ADDRESS : credentials.address).replace(/\/$/, '');
  const headers = { 'Content-Type': 'application/json', 'DD-API-KEY': credentials.apiKey, 'DD-APPLICATION-KEY': credentials.appKey };
  const common = { headers, timeoutMs, signal: request.signal };
  if (isV1(spec)) {
    // Go's url.Values.Encode sorts the keys: from, query, to.
    const query = new URLSearchParams({ from: String(from), query: spec.query ?? '', to: String(now) });
    return { ok: true, value: { ...common, method: 'GET', url: `${base}/api/v1/query?${query.toString()}` } };
  }
  return { ok: true, value: { ...common, method: 'POST', url: `${base}/api/v2/query/scalar`, body: JSON.stringify(scalarRequest(spec, from, now)) } };
}

/** The v2 body; `from`/`to` in milliseconds, as the v2 API takes them. */
export function scalarRequest(spec: DatadogMetric, from: number, to: number): object {
  const queries = present(spec.query) ? { query: spec.query } : (spec.queries ?? {});
  const aggregator = spec.aggregator ?? 'last';
  return {
    data: {
      attributes: {
        from: from * 1000,
        to: to * 1000,
        queries: Object.entries(queries).map(([name, query]) => ({ aggregator, data_source: 'metrics', name, query })),
        formulas: present(spec.formula) ? [{ formula: spec.formula }] : [],
      },
      type: 'scalar_request',
    },
  };
}
