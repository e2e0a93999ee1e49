import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { getRun, runOfRelease, startLocalServer, type Answer, type LocalServer, type ReceivedRequest, type RunView } from '../../helpers/analysis-runs.js';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// Given the controller on rollouts-sim, the library's datadog-error-rate template applied with kubectl,
// the Secret `datadog` in `argo-rollouts` (where the controller looks when POD_NAMESPACE is unset)
// pointing at a fake Datadog API on 127.0.0.1 that accepts only v2 scalar queries shaped as Datadog
// documents them and answers each service's error rate: a release with a low error rate passes its
// analysis step, one with a high rate is aborted once failureLimit is passed, and a service without
// data counts as no errors.

const TEMPLATE_FILE = 'analysis/templates/datadog-error-rate.yaml';
const API_KEY = `api-${randomBytes(10).toString('hex')}`;
const APP_KEY = `app-${randomBytes(10).toString('hex')}`;
const INTERVAL_MS = 1000;

interface ScalarQuery {
  aggregator?: unknown;
  data_source?: unknown;
  name?: unknown;
  query?: unknown;
}

interface ScalarRequest {
  data?: { type?: unknown; attributes?: { from?: unknown; to?: unknown; queries?: ScalarQuery[]; formulas?: { formula?: unknown }[] } };
}

/** What is wrong with a request against Datadog's v2 scalar API, as documented; empty when it is right. */
function problemsOf(req: ReceivedRequest, receivedAt: number): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => void (ok ? undefined : problems.push(problem));
  check(req.method === 'POST', `method ${req.method}`);
  check(req.path === '/api/v2/query/scalar', `path ${req.path}`);
  check(req.headers['dd-api-key'] === API_KEY, 'DD-API-KEY');
  check(req.headers['dd-application-key'] === APP_KEY, 'DD-APPLICATION-KEY');
  check((req.headers['content-type'] ?? '').startsWith('application/json'), `content-type ${req.headers['content-type']}`);
  let body: ScalarRequest;
  try {
    body = JSON.parse(req.body) as ScalarRequest;
  } catch {
    return [...problems, 'body is not JSON'];
  }
  const attributes = body.data?.attributes;
  check(body.data?.type === 'scalar_request', 'data.type');
  const { from, to } = attributes ?? {};
  check(typeof from === 'number' && typeof to === 'number' && Number.isInteger(from) && Number.isInteger(to), 'from/to integers');
  // Milliseconds since the epoch: `to` is now (whole seconds), `from` one window before it.
  check(typeof to === 'number' && Math.abs(receivedAt - to) < 5000, `to ${String(to)} is not now (${receivedAt}) in ms`);
  check(typeof from === 'number' && typeof to === 'number' && to - from === INTERVAL_MS, `window ${Number(to) - Number(from)} ms`);
  const queries = attributes?.queries ?? [];
  check(queries.length === 2 && queries.every((q) => q.data_source === 'metrics' && q.aggregator === 'sum' && typeof q.query === 'string'), 'queries');
  check(queries.map((q) => q.name).sort().join(',') === 'errors,hits', 'query names');
  check(attributes?.formulas?.length === 1 && attributes.formulas[0].formula === 'errors / hits', 'formulas');
  return problems;
}

/** The service and canary hash a request's `errors` query is about: `…{service:shop,rollouts-pod-template-hash:abc}…`. */
function tagsOf(req: ReceivedRequest): { service?: string; hash?: string; errors?: string; hits?: string } {
  const queries = ((JSON.parse(req.body) as ScalarRequest).data?.attributes?.queries ?? []) as { name: string; query: string }[];
  const errors = queries.find((q) => q.name === 'errors')?.query;
  const hits = queries.find((q) => q.name === 'hits')?.query;
  const match = /\{service:([^,]+),rollouts-pod-template-hash:([^}]+)\}/.exec(errors ?? '');
  return { service: match?.[1], hash: match?.[2], errors, hits };
}

/** Datadog's scalar answer: one number column for the formula. */
const scalarAnswer = (values: (number | null)[]): Answer => ({
  status: 200,
  body: { data: { type: 'scalar_response', attributes: { columns: [{ name: 'errors / hits', type: 'number', values, meta: { unit: null } }] } } },
});

const stepsFor = (service: string, count: number): string => `      - setWeight: 50
      - analysis:
          templates: [{templateName: datadog-error-rate}]
          args:
            - {name: service, value: ${service}}
            - {name: canary-hash, valueFrom: {podTemplateHashValue: Latest}}
            - {name: interval, value: 1s}
            - {name: count, value: "${count}"}`;

describe('Datadog analysis with the datadog-error-rate template', () => {
  const bed = useControllerBed();
  let datadog: LocalServer;
  // Error rate per service; a service not listed has no data (null).
  const errorRates = new Map<string, number>();
  const problems: string[] = [];
  const requestsFor = (service: string): ReceivedRequest[] => datadog.received.filter((r) => r.path === '/api/v2/query/scalar' && tagsOf(r).service === service);

  beforeAll(async () => {
    datadog = await startLocalServer((req) => {
      const wrong = problemsOf(req, Date.now());
      if (wrong.length > 0) {
        problems.push(...wrong);
        return { status: 400, body: { errors: wrong } };
      }
      const rate = errorRates.get(tagsOf(req).service ?? '');
      return scalarAnswer([rate ?? null]);
    });
    expect((await bed.sim.kubectl(['create', 'namespace', 'argo-rollouts'])).code).toBe(0);
    const secret = ['create', 'secret', 'generic', 'datadog', '-n', 'argo-rollouts', `--from-literal=address=${datadog.url}`, `--from-literal=api-key=${API_KEY}`, `--from-literal=app-key=${APP_KEY}`];
    expect((await bed.sim.kubectl(secret)).code).toBe(0);
    expect((await bed.sim.kubectl(['apply', '-f', TEMPLATE_FILE])).code).toBe(0);
  });

  afterAll(async () => {
    await datadog?.stop();
  });

  it('a release with a low error rate passes its analysis step, queried as Datadog documents v2', async () => {
    errorRates.set('dd-good', 0.002);
    const ro = new RolloutProbe(bed.sim, 'dd-good');
    const first = await ro.deployFirst('shop:1', { steps: stepsFor('dd-good', 2) });
    await ro.apply('shop:2', { steps: stepsFor('dd-good', 2) });
    // A request Datadog would refuse stops the wait at once, and is reported below.
    const done = await ro.until('the release promoted', (s) => problems.length > 0 || (s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.stableRS !== first.stableRS), 20_000);
    expect(problems).toEqual([]);
    expect(await ro.replicasByImage()).toEqual({ 'shop:1': 0, 'shop:2': 6 });

    const run = await runOfRelease(bed.sim, 'dd-good', done.currentPodHash ?? '');
    expect(run?.status?.phase).toBe('Successful');
    const result = run?.status?.metricResults?.find((r) => r.name === 'error-rate');
    expect(result).toMatchObject({ phase: 'Successful', count: 2, successful: 2 });
    expect(result?.measurements?.map((m) => [m.phase, m.value])).toEqual([
      ['Successful', '0.002'],
      ['Successful', '0.002'],
    ]);
    const requests = requestsFor('dd-good');
    expect(requests).toHaveLength(2);
    // The queries are the template's, with the service and the canary's pod-template hash filled in.
    expect(tagsOf(requests[0])).toEqual({
      service: 'dd-good',
      hash: done.currentPodHash,
      errors: `sum:trace.http.request.errors{service:dd-good,rollouts-pod-template-hash:${done.currentPodHash}}.as_count()`,
      hits: `sum:trace.http.request.hits{service:dd-good,rollouts-pod-template-hash:${done.currentPodHash}}.as_count()`,
    });
    // The keys went to Datadog only.
    const stored = (await bed.sim.kubectl(['get', 'analysisruns', '-o', 'yaml'])).stdout + (await bed.sim.kubectl(['get', 'events', '-o', 'yaml'])).stdout + bed.controller.logs();
    expect(stored).not.toContain(API_KEY);
    expect(stored).not.toContain(APP_KEY);
  });

  it('a release with a high error rate is aborted once failureLimit is passed', async () => {
    errorRates.set('dd-bad', 0.08);
    const ro = new RolloutProbe(bed.sim, 'dd-bad');
    const first = await ro.deployFirst('shop:1', { steps: stepsFor('dd-bad', 3) });
    await ro.apply('shop:2', { steps: stepsFor('dd-bad', 3) });
    const aborted = await ro.until('the release aborted', (s) => problems.length > 0 || s.abort === true, 20_000);
    expect(problems).toEqual([]);
    // failureLimit 1: the second failed measurement fails the metric, before the count of 3.
    expect(aborted.message).toBe('RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric "error-rate" assessed Failed due to failed (2) > failureLimit (1)');
    const run = await runOfRelease(bed.sim, 'dd-bad', aborted.currentPodHash ?? '');
    expect(run?.status).toMatchObject({ phase: 'Failed', message: 'Metric "error-rate" assessed Failed due to failed (2) > failureLimit (1)' });
    const result = run?.status?.metricResults?.[0];
    expect(result).toMatchObject({ name: 'error-rate', phase: 'Failed', count: 2, failed: 2 });
    expect(result?.measurements?.map((m) => [m.phase, m.value])).toEqual([
      ['Failed', '0.08'],
      ['Failed', '0.08'],
    ]);
    expect(requestsFor('dd-bad')).toHaveLength(2);
    await ro.until('the canary scaled away', (s) => s.phase === 'Degraded' && s.availableReplicas === 6);
    expect(await ro.replicasByImage()).toEqual({ 'shop:1': 6, 'shop:2': 0 });
    expect((await ro.status()).stableRS).toBe(first.stableRS);
  });

  it('a service without data (Datadog answers null) counts as no errors', async () => {
    // The template's metric in a hand-written run, for a service Datadog has nothing about.
    const template = parse(readFileSync(TEMPLATE_FILE, 'utf8')) as { spec: { metrics: unknown[] } };
    const run = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata: { name: 'dd-quiet' },
      spec: {
        args: [
          { name: 'service', value: 'dd-quiet' },
          { name: 'canary-hash', value: 'abc123' },
          { name: 'max-error-rate', value: '0.01' },
          { name: 'interval', value: '1s' },
          { name: 'count', value: '1' },
        ],
        metrics: template.spec.metrics,
      },
    };
    expect((await bed.sim.kubectl(['apply', '-f', '-'], stringify(run))).code).toBe(0);
    let done: RunView | undefined;
    await eventually(async () => {
      if (problems.length > 0) return true;
      done = await getRun(bed.sim, 'dd-quiet');
      return done?.status?.phase === 'Successful' ? true : undefined;
    }, 'dd-quiet Successful', 20_000);
    expect(problems).toEqual([]);
    expect(done?.status?.phase).toBe('Successful');
    expect(done?.status?.metricResults?.[0].measurements?.map((m) => [m.phase, m.value])).toEqual([['Successful', '[]']]);
    expect(tagsOf(requestsFor('dd-quiet')[0]).hash).toBe('abc123');
  });
});
