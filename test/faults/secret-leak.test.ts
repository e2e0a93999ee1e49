import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closedPort, runOfRelease, startLocalServer, type Answer, type LocalServer, type ReceivedRequest, type RunView } from '../helpers/analysis-runs.js';
import { useControllerBed } from '../helpers/controller-bed.js';
import { freePort } from '../helpers/prometheus-process.js';
import { RolloutProbe } from '../helpers/rollout-fixtures.js';
import { expectCleanEndState } from './end-state.js';

// Fault suite: provider credentials must not leak. Given the controller at --log-level trace with its
// /metrics on a port of ours, a Secret `web-token` whose token fills a web metric's Authorization header
// (an AnalysisTemplate arg with valueFrom.secretKeyRef, used as {{args.api-token}}), and the Secret
// `datadog` in the controller's namespace (argo-rollouts) holding Datadog's api-key and app-key and
// the address of a fake Datadog on 127.0.0.1: one release measures with them and succeeds; another
// measures with them and fails or errors — the fake servers echo the credentials back in error bodies
// and in a measured value, the token is also in the query string of a URL nothing listens on. Then
// the controller's logs, every Event, the AnalysisRuns and Rollouts (full JSON, status included), the
// controller's /metrics and `kubectl rollouts get rollout` are scanned for each secret and its base64.

const WEB_TOKEN = `s3cr3t-web-${randomBytes(12).toString('hex')}`;
const DD_API_KEY = `s3cr3t-api-${randomBytes(12).toString('hex')}`;
const DD_APP_KEY = `s3cr3t-app-${randomBytes(12).toString('hex')}`;
const SECRETS = [WEB_TOKEN, DD_API_KEY, DD_APP_KEY];
/** Each secret as it is written (plain and base64, the form of a Secret's data), for the scans. */
const FORMS = SECRETS.flatMap((s) => [s, Buffer.from(s).toString('base64')]);

/** Datadog's v2 scalar answer with one value. */
const scalarAnswer = (value: number): Answer => ({
  status: 200,
  body: { data: { type: 'scalar_response', attributes: { columns: [{ name: 'q', type: 'number', values: [value], meta: { unit: null } }] } } },
});

/** What the fake servers answer: they check the credentials and echo them back where a careless server would. */
function answer(req: ReceivedRequest): Answer {
  const echo = JSON.stringify(req.headers);
  if (req.path === '/health/ok') return req.headers.authorization === `Bearer ${WEB_TOKEN}` ? { status: 200, body: { score: 0.99 } } : { status: 401, body: 'no token' };
  if (req.path === '/health/echo-500') return { status: 500, body: `internal error while handling ${echo}` };
  if (req.path === '/health/echo-value') return { status: 200, body: `you sent ${req.headers.authorization ?? ''}` };
  if (req.path !== '/api/v2/query/scalar') return { status: 404, body: 'not found' };
  if (req.body.includes('deny')) return { status: 401, body: { errors: [`API key ${String(req.headers['dd-api-key'])} with app key ${String(req.headers['dd-application-key'])} is not valid`] } };
  return scalarAnswer(0.001);
}

const webMetric = (name: string, url: string, condition: string): string => `    - name: ${name}
      consecutiveErrorLimit: 0
      successCondition: '${condition}'
      provider:
        web:
          url: "${url}"
          headers: [{key: Authorization, value: "Bearer {{args.api-token}}"}]
          jsonPath: "{$.score}"`;

const datadogMetric = (name: string, query: string): string => `    - name: ${name}
      consecutiveErrorLimit: 0
      successCondition: result < 0.01
      provider:
        datadog: {apiVersion: v2, interval: 1m, query: "${query}"}`;

function templateYaml(name: string, metrics: string[]): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: ${name}}
spec:
  args:
    - name: api-token
      valueFrom: {secretKeyRef: {name: web-token, key: token}}
  metrics:
${metrics.join('\n')}
`;
}

const stepsFor = (template: string): string => `      - setWeight: 50
      - analysis:
          templates: [{templateName: ${template}}]
      - setWeight: 100`;

describe('fault suite: provider secrets never leak into logs, events, objects, metrics or the plugin', () => {
  // Ports are picked before the bed starts the controller (hooks run in order).
  const controllerArgs: string[] = ['--log-level', 'trace'];
  let metricsPort = 0;
  beforeAll(async () => {
    metricsPort = await freePort();
    controllerArgs.push('--metrics-port', String(metricsPort));
  });
  const bed = useControllerBed({ controllerArgs });
  let fake: LocalServer;
  let okRun: RunView | undefined;
  let badRun: RunView | undefined;

  /** Every place a secret could show, by name. */
  async function surfaces(): Promise<Record<string, string>> {
    const kubectl = async (args: string[]): Promise<string> => {
      const result = await bed.sim.kubectl(args);
      expect(result.code).toBe(0);
      return result.stdout;
    };
    const plugin = async (name: string): Promise<string> => {
      const result = await bed.rollouts(['get', 'rollout', name]);
      expect(result.code).toBe(0);
      return result.stdout + result.stderr;
    };
    return {
      'controller logs': bed.controller.logs(),
      events: await kubectl(['get', 'events', '-A', '-o', 'json']),
      'AnalysisRuns and Rollouts': await kubectl(['get', 'analysisruns,rollouts', '-A', '-o', 'json']),
      '/metrics': await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(),
      'kubectl rollouts get rollout': (await plugin('leak-ok')) + (await plugin('leak-bad')),
    };
  }

  beforeAll(async () => {
    fake = await startLocalServer(answer);
    const refused = await closedPort();
    const create = async (args: string[]): Promise<void> => void expect((await bed.sim.kubectl(args)).code).toBe(0);
    await create(['create', 'namespace', 'argo-rollouts']);
    await create(['create', 'secret', 'generic', 'datadog', '-n', 'argo-rollouts', `--from-literal=address=${fake.url}`, `--from-literal=api-key=${DD_API_KEY}`, `--from-literal=app-key=${DD_APP_KEY}`]);
    await create(['create', 'secret', 'generic', 'web-token', `--from-literal=token=${WEB_TOKEN}`]);
    const good = templateYaml('leak-good', [webMetric('web-ok', `${fake.url}/health/ok`, 'result >= 0.9'), datadogMetric('datadog-ok', 'sum:errors{service:leak}')]);
    const bad = templateYaml('leak-bad', [
      webMetric('web-echo-500', `${fake.url}/health/echo-500`, 'result >= 0.9'),
      webMetric('web-echo-value', `${fake.url}/health/echo-value`, 'result == "ok"'),
      webMetric('web-refused', `http://127.0.0.1:${refused}/health?token={{args.api-token}}`, 'result >= 0.9'),
      datadogMetric('datadog-deny', 'sum:deny{service:leak}'),
    ]);
    for (const yaml of [good, bad]) expect((await bed.sim.kubectl(['apply', '-f', '-'], yaml)).code).toBe(0);
    // Both releases side by side: one through leak-good (promoted), one through leak-bad (aborted).
    [okRun, badRun] = await Promise.all([release('leak-ok', 'leak-good', false), release('leak-bad', 'leak-bad', true)]);
  }, 50_000);

  /** Releases app:2 of `name` through an analysis step on `template` and returns the step's run. */
  async function release(name: string, template: string, aborts: boolean): Promise<RunView | undefined> {
    const ro = new RolloutProbe(bed.sim, name);
    const first = await ro.deployFirst('app:1', { steps: stepsFor(template) });
    await ro.apply('app:2', { steps: stepsFor(template) });
    const promoted = (s: { phase?: string; stableRS?: string; currentPodHash?: string }): boolean => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.stableRS !== first.stableRS;
    const done = await ro.until(aborts ? 'aborted, canary scaled away' : 'promoted', (s) => (aborts ? s.phase === 'Degraded' && s.updatedReplicas === 0 : promoted(s)), 30_000);
    return runOfRelease(bed.sim, name, done.currentPodHash ?? '');
  }

  afterAll(async () => {
    await fake?.stop();
  });

  it('injected: credentials from Secrets → checked: the web endpoint got the token, the fake Datadog both keys (the secrets were used)', () => {
    const web = fake.received.filter((r) => r.path.startsWith('/health/'));
    const datadog = fake.received.filter((r) => r.path === '/api/v2/query/scalar');
    expect(web.map((r) => [r.path, r.headers.authorization])).toEqual(
      expect.arrayContaining([
        ['/health/ok', `Bearer ${WEB_TOKEN}`],
        ['/health/echo-500', `Bearer ${WEB_TOKEN}`],
        ['/health/echo-value', `Bearer ${WEB_TOKEN}`],
      ]),
    );
    expect(datadog.length).toBeGreaterThanOrEqual(2);
    for (const r of datadog) expect([r.headers['dd-api-key'], r.headers['dd-application-key']]).toEqual([DD_API_KEY, DD_APP_KEY]);
  });

  it('injected: good answers → checked: the release with the secret-backed metrics succeeded and was promoted', async () => {
    expect(okRun?.status?.phase).toBe('Successful');
    expect(okRun?.status?.metricResults?.map((r) => [r.name, r.phase]).sort()).toEqual([
      ['datadog-ok', 'Successful'],
      ['web-ok', 'Successful'],
    ]);
    await expectCleanEndState(bed.sim, 'leak-ok', { phase: 'Healthy', stableImage: 'app:2' });
  });

  it('injected: a 500 echoing the headers, a 200 echoing the token as the value, a refused URL with the token in its query, a Datadog 401 echoing both keys → checked: Error/Failed measurements that name the cause with the secrets masked, the release aborted', async () => {
    const byName = Object.fromEntries((badRun?.status?.metricResults ?? []).map((r) => [r.name, r.measurements?.[0]]));
    expect(byName['web-echo-500']).toMatchObject({ phase: 'Error', message: 'received non 2xx response code: 500' });
    expect(byName['web-echo-value']).toMatchObject({ phase: 'Failed', value: 'you sent Bearer *****' });
    expect(byName['web-refused']?.phase).toBe('Error');
    expect(byName['web-refused']?.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/health failed: connect ECONNREFUSED/);
    expect(byName['datadog-deny']).toMatchObject({ phase: 'Error', message: expect.stringContaining('received authentication error response code: 401') });
    expect(byName['datadog-deny']?.message).toContain('API key [redacted] with app key [redacted] is not valid');
    expect(badRun?.status?.phase).toMatch(/^(Error|Failed)$/);
    await expectCleanEndState(bed.sim, 'leak-bad', { phase: 'Degraded', stableImage: 'app:1', messageContains: 'analysis phase error/failed' });
  });

  it('checked: no secret (plain or base64) in the controller logs at trace, any Event, the AnalysisRuns and Rollouts, /metrics, or `kubectl rollouts get rollout`', async () => {
    const scanned = await surfaces();
    // The scans are not vacuous: each surface talks about the runs.
    expect(scanned['controller logs']).toContain('leak-bad');
    // No code logs at trace yet: debug lines (level 20) show the most verbose output was on.
    expect(scanned['controller logs']).toContain('"level":20');
    expect(scanned.events).toContain('AnalysisRun');
    expect(scanned['AnalysisRuns and Rollouts']).toContain('received authentication error response code: 401');
    expect(scanned['/metrics']).toContain('leak-bad');
    expect(scanned['kubectl rollouts get rollout']).toContain('leak-bad');
    const found = Object.entries(scanned).flatMap(([where, text]) => FORMS.filter((form) => text.includes(form)).map((form) => `${where}: ${form}`));
    expect(found).toEqual([]);
  });
});
