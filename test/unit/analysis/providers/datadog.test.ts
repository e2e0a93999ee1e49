import { afterEach, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createDatadogProvider, type DatadogProviderDeps } from '../../../../src/analysis/providers/datadog.js';
import type { ReadSecret } from '../../../../src/analysis/ports.js';
import type { DatadogMetric, Metric } from '../../../../src/api/types.js';
import { aRun, capturingLogger, closedPort, measureRequest, NOW, startFakeServer, type FakeServer, type RecordedRequest, type Reply } from './fake-http.js';

// Distinctive values so a test can prove they never leak.
const API_KEY = 'ddapi-Zq9-distinctive-0123456789abcdef';
const APP_KEY = 'ddapp-Vx7-distinctive-0123456789abcdef01234567';
const NOW_S = NOW.toSeconds(); // 1599076435

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** Secrets as a map "namespace/name" → data. */
function secretReader(secrets: Record<string, Record<string, string>>): ReadSecret {
  return (namespace, name, key) => Promise.resolve(secrets[`${namespace}/${name}`]?.[key]);
}

/** A Datadog API that asserts the headers of every request, then answers with `reply`. */
async function datadog(reply: (req: RecordedRequest) => Reply): Promise<FakeServer> {
  const server = await startFakeServer((req) => {
    if (req.headers['dd-api-key'] !== API_KEY || req.headers['dd-application-key'] !== APP_KEY) return { status: 403, body: { errors: ['Forbidden'] } };
    if (req.headers['content-type'] !== 'application/json') return { status: 415, body: { errors: ['Unsupported Media Type'] } };
    return reply(req);
  });
  servers.push(server);
  return server;
}

function providerFor(address: string, overrides: Partial<DatadogProviderDeps> = {}): ReturnType<typeof createDatadogProvider> {
  return createDatadogProvider({
    log: pino({ level: 'silent' }),
    controllerNamespace: 'argo-rollouts',
    readSecret: secretReader({ 'argo-rollouts/datadog': { address, 'api-key': API_KEY, 'app-key': APP_KEY } }),
    ...overrides,
  });
}

const metric = (spec: DatadogMetric): Metric => ({ name: 'error-rate', provider: { datadog: spec } });

// Bodies as Datadog documents them.
const v1Body = (pointlist: (number | null)[][]): object => ({
  status: 'ok',
  res_type: 'time_series',
  query: 'avg:kubernetes.cpu.user.total{*}',
  series: [{ metric: 'kubernetes.cpu.user.total', display_name: 'kubernetes.cpu.user.total', pointlist, scope: '*', interval: 20, length: pointlist.length }],
  from_date: 1599076135000,
  to_date: 1599076435000,
});
const scalarBody = (columns: object[]): object => ({ data: { type: 'scalar_response', attributes: { columns } } });

describe('datadog v1: GET /api/v1/query, result = last point of the first series', () => {
  it('sends Argo\'s request and binds the last point', async () => {
    const server = await datadog(() => ({ body: v1Body([[1599076135000, 0.0003], [1599076435000, 0.0006332881882246533]]) }));
    const outcome = await providerFor(server.url).measure(measureRequest(metric({ query: 'avg:kubernetes.cpu.user.total{*}', interval: '10m' })));
    expect(outcome).toEqual({ kind: 'value', result: 0.0006332881882246533, value: '0.0006332881882246533' });
    const [req] = server.requests;
    expect([req.method, req.path]).toEqual(['GET', '/api/v1/query']);
    expect([...req.query.entries()]).toEqual([['from', String(NOW_S - 600)], ['query', 'avg:kubernetes.cpu.user.total{*}'], ['to', String(NOW_S)]]);
  });

  it('defaults the interval to 5m', async () => {
    const server = await datadog(() => ({ body: v1Body([[1, 2]]) }));
    await providerFor(server.url).measure(measureRequest(metric({ query: 'q' })));
    expect(server.requests[0].query.get('from')).toBe(String(NOW_S - 300));
  });

  it.each([
    ['no series', { series: [] }, '[]'],
    ['series absent', { status: 'ok' }, 'null'],
    ['an empty pointlist', { series: [{ pointlist: [] }] }, '[{"pointlist":[]}]'],
  ])('binds nil for %s, as Argo (value = the series as JSON)', async (_name, body, value) => {
    const server = await datadog(() => ({ body }));
    expect(await providerFor(server.url).measure(measureRequest(metric({ query: 'q' })))).toEqual({ kind: 'value', result: null, value });
  });

  it('reads a null point value as 0, as Go decodes it', async () => {
    const server = await datadog(() => ({ body: v1Body([[1, 5], [2, null]]) }));
    expect(await providerFor(server.url).measure(measureRequest(metric({ query: 'q' })))).toEqual({ kind: 'value', result: 0, value: '0' });
  });

  it('refuses a point without two values', async () => {
    const server = await datadog(() => ({ body: v1Body([[1, 2, 3]]) }));
    expect(await providerFor(server.url).measure(measureRequest(metric({ query: 'q' })))).toEqual({ kind: 'error', message: 'Datapoint does not have 2 values' });
  });
});

describe('datadog v2: POST /api/v2/query/scalar', () => {
  it('sends Argo\'s body for a single query (aggregator "last" by default)', async () => {
    const server = await datadog(() => ({ body: scalarBody([{ name: 'query', type: 'number', values: [0.006121374442186943], meta: { unit: null } }]) }));
    const outcome = await providerFor(server.url).measure(measureRequest(metric({ apiVersion: 'v2', query: 'avg:kubernetes.cpu.user.total{*}' })));
    expect(outcome).toEqual({ kind: 'value', result: 0.006121374442186943, value: '0.006121374442186943' });
    const [req] = server.requests;
    expect([req.method, req.path]).toEqual(['POST', '/api/v2/query/scalar']);
    expect(JSON.parse(req.body)).toEqual({
      data: {
        attributes: {
          from: (NOW_S - 300) * 1000,
          to: NOW_S * 1000,
          queries: [{ aggregator: 'last', data_source: 'metrics', name: 'query', query: 'avg:kubernetes.cpu.user.total{*}' }],
          formulas: [],
        },
        type: 'scalar_request',
      },
    });
  });

  it('sends queries with a formula and the chosen aggregator', async () => {
    const server = await datadog(() => ({ body: scalarBody([{ name: 'a/b', type: 'number', values: [0.01] }]) }));
    const spec: DatadogMetric = { apiVersion: 'v2', queries: { a: 'sum:errors{*}.as_count()', b: 'sum:requests{*}.as_count()' }, formula: 'a/b', aggregator: 'sum', interval: '1m' };
    expect(await providerFor(server.url).measure(measureRequest(metric(spec)))).toMatchObject({ kind: 'value', result: 0.01 });
    const attributes = (JSON.parse(server.requests[0].body) as { data: { attributes: Record<string, unknown> } }).data.attributes;
    expect(attributes.queries).toEqual([
      { aggregator: 'sum', data_source: 'metrics', name: 'a', query: 'sum:errors{*}.as_count()' },
      { aggregator: 'sum', data_source: 'metrics', name: 'b', query: 'sum:requests{*}.as_count()' },
    ]);
    expect(attributes.formulas).toEqual([{ formula: 'a/b' }]);
    expect(attributes.from).toBe((NOW_S - 60) * 1000);
  });

  it('binds a grouped query as a list, with the groups in metadata, skipping null ("no data") rows', async () => {
    const server = await datadog(() => ({
      body: scalarBody([
        { name: 'env', type: 'group', values: [['prod'], ['staging'], ['dev']] },
        { name: 'region', type: 'group', values: [['eu'], ['us'], ['us']] },
        { name: 'query', type: 'number', values: [0.2, null, 0.05] },
      ]),
    }));
    const outcome = await providerFor(server.url).measure(measureRequest(metric({ apiVersion: 'v2', query: 'avg:latency{*} by {env,region}' })));
    expect(outcome).toEqual({ kind: 'value', result: [0.2, 0.05], value: '[0.2,0.05]', metadata: { groups: '[{"name":"prod,eu","value":0.2},{"name":"dev,us","value":0.05}]' } });
  });

  it('keeps at most 100 groups in metadata, the extremes', async () => {
    const values = Array.from({ length: 150 }, (_, i) => i);
    const server = await datadog(() => ({ body: scalarBody([{ name: 'host', type: 'group', values: values.map((i) => [`h${i}`]) }, { name: 'q', type: 'number', values }]) }));
    const outcome = await providerFor(server.url).measure(measureRequest(metric({ apiVersion: 'v2', query: 'q by {host}' })));
    if (outcome.kind !== 'value') throw new Error(JSON.stringify(outcome));
    const groups = JSON.parse(outcome.metadata?.groups ?? '[]') as { value: number }[];
    expect(groups.map((g) => g.value)).toEqual([...values.slice(0, 50), ...values.slice(100)]);
    expect(outcome.metadata?.groups_truncated).toBe('true');
    expect((outcome.result as number[]).length).toBe(150);
  });

  it.each([
    ['no values', scalarBody([{ name: 'q', type: 'number', values: [] }])],
    ['no columns', scalarBody([])],
    ['only nulls', scalarBody([{ name: 'q', type: 'number', values: [null] }])],
  ])('binds nil for %s, value "[]"', async (_name, body) => {
    const server = await datadog(() => ({ body }));
    expect(await providerFor(server.url).measure(measureRequest(metric({ apiVersion: 'v2', query: 'q' })))).toEqual({ kind: 'value', result: null, value: '[]' });
  });

  it('reports errors Datadog puts in the answer', async () => {
    const server = await datadog(() => ({ body: { data: { errors: 'invalid query' } } }));
    expect(await providerFor(server.url).measure(measureRequest(metric({ apiVersion: 'v2', query: 'q' })))).toEqual({ kind: 'error', message: 'There were errors in your query: invalid query' });
  });
});

describe('datadog credentials, found as Argo finds them', () => {
  const okServer = (): Promise<FakeServer> => datadog(() => ({ body: v1Body([[1, 1]]) }));

  it('uses secretRef.name in the controller namespace', async () => {
    const server = await okServer();
    const readSecret = secretReader({ 'argo-rollouts/dd-team-a': { address: server.url, 'api-key': API_KEY, 'app-key': APP_KEY } });
    expect(await providerFor(server.url, { readSecret }).measure(measureRequest(metric({ query: 'q', secretRef: { name: 'dd-team-a' } })))).toMatchObject({ kind: 'value' });
  });

  it('uses secretRef.name in the run\'s namespace when namespaced', async () => {
    const server = await okServer();
    const readSecret = secretReader({ 'shop/dd': { address: server.url, 'api-key': API_KEY, 'app-key': APP_KEY } });
    const request = measureRequest(metric({ query: 'q', secretRef: { name: 'dd', namespaced: true } }), { run: aRun({ namespace: 'shop' }) });
    expect(await providerFor(server.url, { readSecret }).measure(request)).toMatchObject({ kind: 'value' });
  });

  it('takes DD_API_KEY, DD_APP_KEY and DD_ADDRESS from the environment first', async () => {
    const server = await okServer();
    const env = { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, DD_ADDRESS: server.url };
    expect(await providerFor(server.url, { env, readSecret: secretReader({}) }).measure(measureRequest(metric({ query: 'q' })))).toMatchObject({ kind: 'value' });
  });

  it.each<[string, DatadogMetric, ReadSecret, string]>([
    ['a namespaced secretRef without a name', { query: 'q', secretRef: { namespaced: true } }, secretReader({}), 'secret name is required for namespaced credentials'],
    ['no Secret', { query: 'q' }, secretReader({}), 'failed to find the credentials for datadog metrics provider: DD_API_KEY, DD_APP_KEY and DD_ADDRESS are not all set; secret argo-rollouts/datadog is missing or has no api-key, app-key'],
    ['a Secret without app-key', { query: 'q', secretRef: { name: 'dd' } }, secretReader({ 'argo-rollouts/dd': { 'api-key': API_KEY } }), 'failed to find the credentials for datadog metrics provider: secret argo-rollouts/dd is missing or has no app-key'],
    ['a Secret that cannot be read', { query: 'q' }, () => Promise.reject(new Error('get secrets argo-rollouts/datadog: forbidden')), 'failed to find the credentials for datadog metrics provider: DD_API_KEY, DD_APP_KEY and DD_ADDRESS are not all set; secret argo-rollouts/datadog could not be read: get secrets argo-rollouts/datadog: forbidden'],
  ])('reports %s', async (_name, spec, readSecret, message) => {
    expect(await providerFor('http://unused', { readSecret }).measure(measureRequest(metric(spec)))).toEqual({ kind: 'error', message });
  });
});

describe('datadog: template checks and failures', () => {
  it.each<[DatadogMetric, string]>([
    [{}, 'Must have either a query or queries. Please review the Analysis Template.'],
    [{ query: 'a', queries: { b: 'b' }, apiVersion: 'v2' }, 'Cannot have both a query and queries. Please review the Analysis Template.'],
    [{ queries: { a: 'a' } }, 'Query is empty. API Version v1 only supports using the query parameter in your Analysis Template.'],
    [{ queries: { a: 'a', b: 'b' }, apiVersion: 'v2' }, 'When multiple queries are provided you must include a formula.'],
    [{ query: 'a', aggregator: 'avg' }, 'Aggregator is not supported in v1. Please review the Analysis Template.'],
    [{ query: 'a', requestTimeout: '0s' }, 'Request timeout must be a positive duration (e.g. 30s). Please review the Analysis Template.'],
    [{ query: 'a', requestTimeout: 'soon' }, 'Could not parse the request timeout: time: invalid duration "soon". Please review the Analysis Template.'],
  ])('refuses %j with Argo\'s message', async (spec, message) => {
    expect(await providerFor('http://unused').measure(measureRequest(metric(spec)))).toEqual({ kind: 'error', message });
  });

  it.each([
    [401, { errors: ['No authenticated user.'] }, 'received authentication error response code: 401 {"errors":["No authenticated user."]}'],
    [400, { status: 'error', error: 'error messsage' }, 'received non 2xx response code: 400 {"status":"error","error":"error messsage"}'],
    [200, 'garbage', /^Could not parse JSON body: Unexpected token/],
  ])('reports HTTP %i', async (status, body, message) => {
    const server = await datadog(() => ({ status, body }));
    const expected = typeof message === 'string' ? message : expect.stringMatching(message);
    expect(await providerFor(server.url).measure(measureRequest(metric({ query: 'q' })))).toEqual({ kind: 'error', message: expected });
  });

  it('names a refused connection and a timeout (requestTimeout)', async () => {
    const port = await closedPort();
    expect(await providerFor(`http://127.0.0.1:${port}`).measure(measureRequest(metric({ query: 'q' })))).toEqual({
      kind: 'error',
      message: `GET http://127.0.0.1:${port}/api/v1/query failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    });
    const server = await datadog(() => ({ hang: true }));
    expect(await providerFor(server.url).measure(measureRequest(metric({ apiVersion: 'v2', query: 'q', requestTimeout: '500ms' })))).toEqual({
      kind: 'error',
      message: `POST ${server.url}/api/v2/query/scalar timed out after 500ms`,
    });
  });

  it('never puts the API or application key in a message or a log line, even when the server echoes them', async () => {
    const { log, lines } = capturingLogger();
    const server = await startFakeServer((req) => ({ status: 403, body: `bad keys ${String(req.headers['dd-api-key'])} ${String(req.headers['dd-application-key'])}` }));
    servers.push(server);
    const outcome = await providerFor(server.url, { log }).measure(measureRequest(metric({ query: 'q' })));
    expect(outcome).toEqual({ kind: 'error', message: 'received authentication error response code: 403 bad keys [redacted] [redacted]' });
    expect(JSON.stringify(outcome) + lines.join('\n')).not.toMatch(/ddapi-Zq9|ddapp-Vx7/);
  });
});
