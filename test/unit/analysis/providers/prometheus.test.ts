import { afterEach, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createPrometheusProvider } from '../../../../src/analysis/providers/prometheus.js';
import type { Metric, PrometheusMetric } from '../../../../src/api/types.js';
import { capturingLogger, closedPort, measureRequest, selfSignedCertificate, startFakeServer, type FakeServer, type Reply } from './fake-http.js';

const silent = pino({ level: 'silent' });
const provider = createPrometheusProvider({ log: silent });
const servers: FakeServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function prometheus(reply: Reply | ((path: string) => Reply)): Promise<FakeServer> {
  const server = await startFakeServer((req) => (typeof reply === 'function' ? reply(req.path) : reply));
  servers.push(server);
  return server;
}

const metric = (spec: PrometheusMetric): Metric => ({ name: 'success-rate', provider: { prometheus: spec } });
const success = (data: object, extra: object = {}): Reply => ({ body: { status: 'success', data, ...extra } });
const vector = (...values: string[]): Reply =>
  success({ resultType: 'vector', result: values.map((v, i) => ({ metric: { pod: `p${i}` }, value: [1599076435, v] })) });

describe('prometheus provider: results as Argo binds them', () => {
  it.each([
    ['one sample', vector('0.99'), [0.99], '[0.99]'],
    ['several samples', vector('1', '0.5', '0.000001'), [1, 0.5, 0.000001], '[1,0.5,0.000001]'],
    ['NaN and +Inf stay what they are', vector('NaN', '+Inf', '-Inf'), [NaN, Infinity, -Infinity], '[NaN,+Inf,-Inf]'],
    ['an empty vector', vector(), [], '[]'],
    ['a scalar', success({ resultType: 'scalar', result: [1599076435, '0.97'] }), 0.97, '0.97'],
    ['a large scalar, printed without exponent as Go does', success({ resultType: 'scalar', result: [1599076435, '1e+21'] }), 1e21, '1000000000000000000000'],
  ])('%s', async (_name, reply, result, value) => {
    const server = await prometheus(reply);
    const outcome = await provider.measure(measureRequest(metric({ address: server.url, query: 'sum(rate(x[5m]))' })));
    expect(outcome).toEqual({ kind: 'value', result, value });
  });

  it('POSTs the query as a form to /api/v1/query at the measurement time, as the Go client does', async () => {
    const server = await prometheus(vector('1'));
    await provider.measure(measureRequest(metric({ address: `${server.url}/`, query: 'up{job="checkout"}' })));
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/v1/query');
    const form = new URLSearchParams(req.body);
    expect(form.get('query')).toBe('up{job="checkout"}');
    expect(form.get('time')).toBe('1599076435');
  });

  it('falls back to GET when the server refuses POST with 405', async () => {
    const server = await startFakeServer((req) => (req.method === 'POST' ? { status: 405, body: 'method not allowed' } : vector('0.5')));
    servers.push(server);
    const outcome = await provider.measure(measureRequest(metric({ address: server.url, query: 'up' })));
    expect(outcome).toEqual({ kind: 'value', result: [0.5], value: '[0.5]' });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(server.requests[1].query.get('query')).toBe('up');
  });

  it('reports a string result as unsupported, as Argo', async () => {
    const server = await prometheus(success({ resultType: 'string', result: [1599076435, 'hello'] }));
    expect(await provider.measure(measureRequest(metric({ address: server.url, query: '"hello"' })))).toEqual({ kind: 'error', message: 'Prometheus metric type not supported' });
  });

  it('keeps warnings in metadata as Argo writes them', async () => {
    const server = await prometheus({ body: { status: 'success', data: { resultType: 'vector', result: [] }, warnings: ['warning', 'warning2'] } });
    const outcome = await provider.measure(measureRequest(metric({ address: server.url, query: 'up' })));
    expect(outcome).toEqual({ kind: 'value', result: [], value: '[]', metadata: { warnings: '"warning", "warning2"' } });
  });

  it('runs a range query with Argo\'s evaluated start, end and step, flattening the matrix', async () => {
    const server = await prometheus(success({
      resultType: 'matrix',
      result: [
        { metric: { pod: 'a' }, values: [[1, '11'], [2, '12']] },
        { metric: { pod: 'b' }, values: [[1, '13'], [2, '14']] },
      ],
    }));
    const spec = { address: server.url, query: 'x', rangeQuery: { start: 'now() - duration("1h")', end: 'now()', step: '1m' } };
    expect(await provider.measure(measureRequest(metric(spec)))).toEqual({ kind: 'value', result: [11, 12, 13, 14], value: '[11,12,13,14]' });
    const form = new URLSearchParams(server.requests[0].body);
    expect(server.requests[0].path).toBe('/api/v1/query_range');
    expect([form.get('start'), form.get('end'), form.get('step')]).toEqual(['1599072835', '1599076435', '60']);
  });

  it.each([
    [{ start: 'now() - duration("??")', end: 'now()', step: '1m' }, 'failed to parse rangeQuery.start as time: time: invalid duration "??"'],
    [{ start: 'now()', end: 'now() - duration("??")', step: '1m' }, 'failed to parse rangeQuery.end as time: time: invalid duration "??"'],
    [{ start: 'now()', end: 'now()', step: '??' }, 'failed to parse rangeQuery.step as duration: time: invalid duration "??"'],
  ])('refuses a bad range %j with Argo\'s message', async (rangeQuery, message) => {
    const outcome = await provider.measure(measureRequest(metric({ address: 'http://127.0.0.1:1', query: 'x', rangeQuery })));
    expect(outcome).toEqual({ kind: 'error', message });
  });
});

describe('prometheus provider: every failure is an error outcome with its cause', () => {
  it.each([
    ['an API error body', { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error at char 5' } }, 'bad_data: parse error at char 5'],
    ['a 503 without an API body', { status: 503, body: '<html>unavailable</html>' }, 'server_error: server error: 503'],
    ['a 404', { status: 404, body: 'not found' }, 'client_error: client error: 404'],
    ['a garbage 200 body', { status: 200, body: 'garbage{' }, 'bad_response: not a Prometheus API answer: garbage{'],
    ['a 200 JSON body that is not the API\'s', { status: 200, body: { hello: 'world' } }, 'bad_response: not a Prometheus API answer: {"hello":"world"}'],
    ['a status "error" with 200', { status: 200, body: { status: 'error', errorType: 'execution', error: 'query timed out' } }, 'execution: query timed out'],
  ])('%s', async (_name, reply, message) => {
    const server = await prometheus(reply);
    expect(await provider.measure(measureRequest(metric({ address: server.url, query: 'up' })))).toEqual({ kind: 'error', message });
  });

  it('refuses a certificate it cannot verify, unless the metric says insecure', async () => {
    const server = await startFakeServer(() => vector('1'), selfSignedCertificate());
    servers.push(server);
    expect(await provider.measure(measureRequest(metric({ address: server.url, query: 'up' })))).toEqual({ kind: 'error', message: `query to ${server.url}/ failed: self-signed certificate` });
    expect(await provider.measure(measureRequest(metric({ address: server.url, query: 'up', insecure: true })))).toEqual({ kind: 'value', result: [1], value: '[1]' });
  });

  it('names a refused connection', async () => {
    const port = await closedPort();
    const outcome = await provider.measure(measureRequest(metric({ address: `http://127.0.0.1:${port}`, query: 'up' })));
    expect(outcome).toEqual({ kind: 'error', message: `query to http://127.0.0.1:${port}/ failed: connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it('times out after the metric\'s timeout (seconds) against a server that never answers', async () => {
    const server = await prometheus({ hang: true });
    const started = Date.now();
    const outcome = await provider.measure(measureRequest(metric({ address: server.url, query: 'up', timeout: 1 })));
    expect(outcome).toEqual({ kind: 'error', message: `query to ${server.url}/ timed out after 1s` });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops when the caller aborts', async () => {
    const server = await prometheus({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const outcome = await provider.measure(measureRequest(metric({ address: server.url, query: 'up' }), { signal: controller.signal }));
    expect(outcome).toEqual({ kind: 'error', message: `query to ${server.url}/ was cancelled` });
  });

  it.each<[string, PrometheusMetric, string, string?]>([
    ['no address', { query: 'up' }, 'prometheus address is not configured'],
    ['an address that is not a URL', { address: 'prometheus:9090', query: 'up' }, 'prometheus address is not in url format'],
    ['a negative timeout', { address: 'http://p:9090', query: 'up', timeout: -1 }, 'prometheus timeout should not be negative'],
    ['basic auth without a password', { address: 'http://p:9090', authentication: { basicAuth: { username: 'u' } } }, 'missing mandatory parameter in metric for basic auth setup: password'],
    ['basic auth without a username', { address: 'http://p:9090', authentication: { basicAuth: { password: 'p' } } }, 'missing mandatory parameter in metric for basic auth setup: username'],
    ['OAuth2 without a client secret', { address: 'http://p:9090', authentication: { oauth2: { tokenUrl: 'http://t/token', clientId: 'c' } } }, 'missing mandatory parameter in metric for OAuth2 setup'],
    ['SigV4 for Amazon Managed Prometheus', { address: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1', authentication: { sigv4: { region: 'eu-west-1' } } }, 'prometheus authentication.sigv4 (Amazon Managed Prometheus) is not supported by this controller'],
  ])('refuses %s before sending anything', async (_name, spec, message) => {
    expect(await provider.measure(measureRequest(metric(spec)))).toEqual({ kind: 'error', message });
  });

  it('uses the default address (ARGO_ROLLOUTS_PROMETHEUS_ADDRESS) when the metric sets none', async () => {
    const server = await prometheus(vector('1'));
    const withDefault = createPrometheusProvider({ log: silent, defaultAddress: server.url });
    expect(await withDefault.measure(measureRequest(metric({ query: 'up' })))).toMatchObject({ kind: 'value', value: '[1]' });
  });
});

describe('prometheus provider: headers and credentials', () => {
  const SECRET = 'Zq9-distinctive-s3cret-Vx7';

  it('sends custom headers and basic auth', async () => {
    const server = await prometheus(vector('1'));
    await provider.measure(measureRequest(metric({
      address: server.url,
      query: 'up',
      headers: [{ key: 'X-Scope-OrgID', value: 'tenant-1' }],
      authentication: { basicAuth: { username: 'grafana', password: SECRET } },
    })));
    const { headers } = server.requests[0];
    expect(headers['x-scope-orgid']).toBe('tenant-1');
    expect(headers.authorization).toBe(`Basic ${Buffer.from(`grafana:${SECRET}`).toString('base64')}`);
  });

  it('lets a metric\'s Authorization header win over basic auth, as Argo\'s round-trippers do', async () => {
    const server = await prometheus(vector('1'));
    await provider.measure(measureRequest(metric({
      address: server.url,
      query: 'up',
      headers: [{ key: 'Authorization', value: `Bearer ${SECRET}` }],
      authentication: { basicAuth: { username: 'u', password: 'p4ss' } },
    })));
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('fetches an OAuth2 client-credentials token and sends it as a bearer token', async () => {
    const server = await prometheus((path) => (path === '/token' ? { body: { access_token: 'tok-123', token_type: 'bearer', expires_in: 3600 } } : vector('1')));
    const outcome = await provider.measure(measureRequest(metric({
      address: server.url,
      query: 'up',
      authentication: { oauth2: { tokenUrl: `${server.url}/token`, clientId: 'rollouts', clientSecret: SECRET, scopes: ['read', 'metrics'] } },
    })));
    expect(outcome).toMatchObject({ kind: 'value' });
    const [token, query] = server.requests;
    expect(new URLSearchParams(token.body).get('grant_type')).toBe('client_credentials');
    expect(new URLSearchParams(token.body).get('scope')).toBe('read metrics');
    expect(token.headers.authorization).toBe(`Basic ${Buffer.from(`rollouts:${SECRET}`).toString('base64')}`);
    expect(query.headers.authorization).toBe('Bearer tok-123');
  });

  it('never puts a header value, password or client secret in a message or a log line', async () => {
    const { log, lines } = capturingLogger();
    const server = await prometheus((path) => ({ status: path === '/token' ? 401 : 500, body: { status: 'error', errorType: 'internal', error: `echo ${SECRET}` } }));
    const logged = createPrometheusProvider({ log });
    const outcomes = [
      await logged.measure(measureRequest(metric({ address: server.url, query: 'up', headers: [{ key: 'X-Api-Key', value: SECRET }] }))),
      await logged.measure(measureRequest(metric({ address: server.url, query: 'up', authentication: { basicAuth: { username: 'u', password: SECRET } } }))),
      await logged.measure(measureRequest(metric({ address: server.url, query: 'up', authentication: { oauth2: { tokenUrl: `${server.url}/token`, clientId: 'c', clientSecret: SECRET } } }))),
    ];
    expect(outcomes.map((o) => o.kind)).toEqual(['error', 'error', 'error']);
    expect(outcomes[0]).toEqual({ kind: 'error', message: 'internal: echo [redacted]' });
    expect(JSON.stringify(outcomes)).not.toContain(SECRET);
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});
