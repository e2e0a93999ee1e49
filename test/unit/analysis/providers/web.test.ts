import { afterEach, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createWebProvider, outcomeFromBody, toJsonPath } from '../../../../src/analysis/providers/web.js';
import type { Metric, WebMetric } from '../../../../src/api/types.js';
import { capturingLogger, closedPort, measureRequest, selfSignedCertificate, startFakeServer, type FakeServer, type RecordedRequest, type Reply } from './fake-http.js';

const provider = createWebProvider({ log: pino({ level: 'silent' }) });
const servers: FakeServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function webServer(reply: Reply | ((req: RecordedRequest) => Reply)): Promise<FakeServer> {
  const server = await startFakeServer((req) => (typeof reply === 'function' ? reply(req) : reply));
  servers.push(server);
  return server;
}

const metric = (spec: WebMetric): Metric => ({ name: 'health', provider: { web: spec } });

describe('web provider: result is the JSON at jsonPath, as Argo binds it', () => {
  const body = { data: { ok: true, rate: 0.99, code: 200, name: 'checkout', items: [{ id: 'a', v: 1 }, { id: 'b', v: 2 }] } };

  it.each([
    ['{$.data.ok}', true, 'true'],
    ['{$.data.rate}', 0.99, '0.99'],
    ['{.data.code}', 200, '200'],
    ['{$.data.name}', 'checkout', '"checkout"'],
    ['{$.data.items[1].v}', 2, '2'],
    ['{$.data.items[?(@.id=="b")].v}', 2, '2'],
    ['{$.data.items[*].id}', 'a', '"a"'],
    [undefined, body, '{"data":{"code":200,"items":[{"id":"a","v":1},{"id":"b","v":2}],"name":"checkout","ok":true,"rate":0.99}}'],
  ])('%s', async (jsonPath, result, value) => {
    const server = await webServer({ body });
    const outcome = await provider.measure(measureRequest(metric({ url: `${server.url}/status`, jsonPath })));
    expect(outcome).toEqual({ kind: 'value', result, value });
  });

  it('takes a body that is not JSON as the result text, as Argo does (not an error)', async () => {
    const server = await webServer({ body: 'OK' });
    expect(await provider.measure(measureRequest(metric({ url: server.url, jsonPath: '{$.data}' })))).toEqual({ kind: 'value', result: 'OK', value: 'OK' });
  });

  it('reports a jsonPath that matches nothing', async () => {
    const server = await webServer({ body: { data: {} } });
    expect(await provider.measure(measureRequest(metric({ url: server.url, jsonPath: '{$.data.missing}' })))).toEqual({
      kind: 'error',
      message: 'Could not find JSONPath in body: {$.data.missing} produced no value',
    });
  });

  it('writes the value as Go\'s json.Marshal would (sorted keys, HTML characters escaped)', () => {
    expect(outcomeFromBody('{"b":"<a&b>","a":[1,2.5]}', '{$}')).toEqual({ kind: 'value', result: { b: '<a&b>', a: [1, 2.5] }, value: '{"a":[1,2.5],"b":"\\u003ca\\u0026b\\u003e"}' });
    expect(outcomeFromBody('null', undefined)).toEqual({ kind: 'value', result: null, value: 'null' });
  });

  it.each([
    ['{$.data.ok}', '$.data.ok'],
    ['{.items[0]}', '$.items[0]'],
    ['{$}', '$'],
    ['', '$'],
    ['$.a', '$.a'],
  ])('reads the Kubernetes template %j as %j', (template, path) => {
    expect(toJsonPath(template)).toBe(path);
  });
});

describe('web provider: the request as Argo sends it', () => {
  it('GETs by default with the metric\'s headers', async () => {
    const server = await webServer({ body: { ok: true } });
    await provider.measure(measureRequest(metric({ url: `${server.url}/health?x=1`, headers: [{ key: 'X-Tenant', value: 'shop' }] })));
    const [req] = server.requests;
    expect([req.method, req.url, req.headers['x-tenant']]).toEqual(['GET', '/health?x=1', 'shop']);
  });

  it('POSTs jsonBody as JSON with Content-Type application/json', async () => {
    const server = await webServer({ body: { ok: true } });
    await provider.measure(measureRequest(metric({ url: server.url, method: 'POST', jsonBody: { service: 'checkout', window: 5 } })));
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ service: 'checkout', window: 5 });
  });

  it('PUTs a text body as written', async () => {
    const server = await webServer({ body: { ok: true } });
    await provider.measure(measureRequest(metric({ url: server.url, method: 'PUT', body: 'service=checkout', headers: [{ key: 'Content-Type', value: 'text/plain' }] })));
    expect([server.requests[0].method, server.requests[0].body, server.requests[0].headers['content-type']]).toEqual(['PUT', 'service=checkout', 'text/plain']);
  });

  it('sends no Content-Type the metric did not set, as Go', async () => {
    const server = await webServer({ body: { ok: true } });
    await provider.measure(measureRequest(metric({ url: server.url, method: 'POST', body: 'a=b' })));
    expect([server.requests[0].body, server.requests[0].headers['content-type']]).toEqual(['a=b', undefined]);
  });

  it.each<[string, WebMetric, string]>([
    ['body and jsonBody', { url: 'http://x', method: 'POST', body: 'a', jsonBody: { a: 1 } }, 'use either Body or JSONBody; both cannot exists for WebMetric payload'],
    ['a body with GET', { url: 'http://x', body: 'a' }, 'Body/JSONBody can only be used with POST or PUT WebMetric Method types'],
  ])('refuses %s with Argo\'s message', async (_name, spec, message) => {
    expect(await provider.measure(measureRequest(metric(spec)))).toEqual({ kind: 'error', message });
  });

  it('replaces the metric\'s Authorization header with an OAuth2 token, as Go\'s oauth2 transport does', async () => {
    const server = await webServer((req) => (req.path === '/token' ? { body: 'access_token=tok-9&token_type=bearer' } : { body: { ok: true } }));
    await provider.measure(measureRequest(metric({
      url: `${server.url}/status`,
      headers: [{ key: 'authorization', value: 'Basic old' }],
      authentication: { oauth2: { tokenUrl: `${server.url}/token`, clientId: 'id', clientSecret: 'sec-123' } },
    })));
    expect(server.requests[1].headers.authorization).toBe('Bearer tok-9');
  });
});

describe('web provider: every failure is an error outcome with its cause', () => {
  it.each([500, 404, 503])('names a non-2xx status (%i)', async (status) => {
    const server = await webServer({ status, body: 'nope' });
    const outcome = await provider.measure(measureRequest(metric({ url: `${server.url}/status` })));
    expect(outcome).toEqual({ kind: 'error', message: `received non 2xx response code: ${status}` });
  });

  it('follows redirects as Go\'s client does, judging the final answer', async () => {
    const server = await webServer((req) => (req.path === '/status' ? { status: 302, body: '', headers: { Location: '/moved' } } : { status: 404, body: 'gone' }));
    const outcome = await provider.measure(measureRequest(metric({ url: `${server.url}/status` })));
    expect(outcome).toEqual({ kind: 'error', message: 'received non 2xx response code: 404' });
    expect(server.requests.map((r) => r.path)).toEqual(['/status', '/moved']);
  });

  it('refuses a certificate it cannot verify, unless the metric says insecure', async () => {
    const server = await startFakeServer(() => ({ body: { ok: true } }), selfSignedCertificate());
    servers.push(server);
    expect(await provider.measure(measureRequest(metric({ url: `${server.url}/status` })))).toEqual({ kind: 'error', message: `GET ${server.url}/status failed: self-signed certificate` });
    expect(await provider.measure(measureRequest(metric({ url: `${server.url}/status`, insecure: true, jsonPath: '{$.ok}' })))).toEqual({ kind: 'value', result: true, value: 'true' });
  });

  it('names a refused connection', async () => {
    const port = await closedPort();
    expect(await provider.measure(measureRequest(metric({ url: `http://127.0.0.1:${port}/status` })))).toEqual({
      kind: 'error',
      message: `GET http://127.0.0.1:${port}/status failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });

  it('times out after timeoutSeconds against a server that never answers', async () => {
    const server = await webServer({ hang: true });
    const outcome = await provider.measure(measureRequest(metric({ url: `${server.url}/slow`, timeoutSeconds: 1 })));
    expect(outcome).toEqual({ kind: 'error', message: `GET ${server.url}/slow timed out after 1s` });
  });

  it('never puts a header value (a secret from an arg) in a message, a log line or metadata', async () => {
    const SECRET = 'Zq9-distinctive-s3cret-Vx7';
    const { log, lines } = capturingLogger();
    const logged = createWebProvider({ log });
    const port = await closedPort();
    const echo = await webServer((req) => ({ status: 200, body: 'x', headers: { 'X-Echo': String(req.headers['x-api-key']) } }));
    const outcomes = [
      await logged.measure(measureRequest(metric({ url: `http://user:${SECRET}@127.0.0.1:${port}/q?key=${SECRET}`, headers: [{ key: 'X-Api-Key', value: SECRET }] }))),
      await logged.measure(measureRequest(metric({ url: `${echo.url}/q?key=${SECRET}`, headers: [{ key: 'X-Api-Key', value: SECRET }], authentication: { oauth2: { tokenUrl: `http://127.0.0.1:${port}/t`, clientId: 'c', clientSecret: SECRET } } }))),
    ];
    expect(outcomes.map((o) => o.kind)).toEqual(['error', 'error']);
    expect(JSON.stringify(outcomes)).not.toContain(SECRET);
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});
