import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closedPort, runOfRelease, startLocalServer, type Answer, type LocalServer, type MetricResultView, type ReceivedRequest, type RunView } from '../helpers/analysis-runs.js';
import { useControllerBed } from '../helpers/controller-bed.js';
import { freePort } from '../helpers/prometheus-process.js';
import { canaryRolloutYaml, type RolloutStatusView } from '../helpers/rollout-fixtures.js';
import { eventually } from '../helpers/sim-process.js';
import { expectCleanEndState } from './end-state.js';

// Fault suite: metric providers that fail. Given the controller on rollouts-sim and, on 127.0.0.1, one
// fake provider server that imitates Prometheus' /api/v1/query (the PromQL `query` picks the case) and
// a web health endpoint (`/<case>/health`), each case releases its own canary Rollout (app:1 → app:2)
// with one analysis step on its own AnalysisTemplate — interval 1s, count 2, consecutiveErrorLimit 1 —
// and injects one fault: nothing listening, an answer slower than the provider's timeout, or garbage.
// Argo's rules decide the outcome: each failed measurement is Error with a message naming the cause
// and is retried 10 s later; the second Error in a row (> consecutiveErrorLimit 1) errors the run,
// which aborts the release: Degraded, naming the cause, canary scaled away, both services on stable.
// One case recovers before the limit and is promoted. All releases run side by side (the 10 s error
// retry would otherwise add up); the controller must outlive every fault.

const SLOW_MS = 3000;
const PROM_SUCCESS = 'result[0] >= 0.95';
const WEB_SUCCESS = 'result >= 0.9';

/** Prometheus' answer to an instant query: a vector with one sample per value. */
const promVector = (values: string[]): Answer => ({
  status: 200,
  body: { status: 'success', data: { resultType: 'vector', result: values.map((v, i) => ({ metric: { i: String(i) }, value: [Date.now() / 1000, v] })) } },
});

/** One fault: which provider, what the fake server (or a closed port) does, and the outcome to expect. */
interface FaultCase {
  /** The Rollout's name, also the key the fake server answers by. */
  name: string;
  provider: 'prometheus' | 'web';
  /** The answer to the n-th request (0-based) for this case; undefined: the provider's address is a closed port. */
  answer?: (n: number) => Answer;
  /** The message every faulty measurement must carry, given the port the provider was at. */
  cause?: (port: number) => string;
  /** consecutiveErrorLimit (default 1). */
  errorLimit?: number;
  /** The provider's timeout, set only where slowness is the fault (a busy test process must not time out the others). */
  timeoutSeconds?: number;
}

const CASES: Record<string, FaultCase> = {
  promRefused: {
    name: 'pf-prom-refused',
    provider: 'prometheus',
    cause: (port) => `query to http://127.0.0.1:${port}/ failed: connect ECONNREFUSED 127.0.0.1:${port}`,
  },
  promSlow: {
    name: 'pf-prom-slow',
    provider: 'prometheus',
    answer: () => ({ ...promVector(['0.99']), delayMs: SLOW_MS }),
    timeoutSeconds: 1,
    cause: (port) => `query to http://127.0.0.1:${port}/ timed out after 1s`,
  },
  promNotJson: {
    name: 'pf-prom-not-json',
    provider: 'prometheus',
    answer: () => ({ status: 200, body: '<html>502 Bad Gateway</html>' }),
    cause: () => 'bad_response: not a Prometheus API answer: <html>502 Bad Gateway</html>',
  },
  promWrongShape: {
    name: 'pf-prom-wrong-shape',
    provider: 'prometheus',
    answer: () => ({ status: 200, body: { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: 'oops' }] } } }),
    cause: () => 'bad_response: cannot read sample "oops"',
  },
  promEmpty: {
    name: 'pf-prom-empty',
    provider: 'prometheus',
    answer: () => promVector([]),
    cause: () => 'could not evaluate successCondition "result[0] >= 0.95": metric result is nil or empty: no data returned from the metric provider',
  },
  webRefused: {
    name: 'pf-web-refused',
    provider: 'web',
    cause: (port) => `GET http://127.0.0.1:${port}/pf-web-refused/health failed: connect ECONNREFUSED 127.0.0.1:${port}`,
  },
  webSlow: {
    name: 'pf-web-slow',
    provider: 'web',
    answer: () => ({ status: 200, body: { score: 0.99 }, delayMs: SLOW_MS }),
    timeoutSeconds: 1,
    cause: (port) => `GET http://127.0.0.1:${port}/pf-web-slow/health timed out after 1s`,
  },
  webNotJson: {
    name: 'pf-web-not-json',
    provider: 'web',
    answer: () => ({ status: 200, body: 'OK but not a score' }),
    cause: () => 'could not evaluate successCondition "result >= 0.9": no such overload: dyn<string> >= double',
  },
  webWrongShape: {
    name: 'pf-web-wrong-shape',
    provider: 'web',
    answer: () => ({ status: 200, body: { data: { health: 'good' } } }),
    cause: () => 'Could not find JSONPath in body: {$.score} produced no value',
  },
};

/** NaN is a number, not an error: Argo's `result[0] >= 0.95` is false on it, so the measurement Fails. */
const PROM_NAN: FaultCase = {
  name: 'pf-prom-nan',
  provider: 'prometheus',
  answer: () => promVector(['NaN']),
};

/** Two errors (503), then good values: consecutiveErrorLimit 2 is never exceeded. */
const PROM_RECOVERS: FaultCase = {
  name: 'pf-prom-recovers',
  provider: 'prometheus',
  answer: (n) => (n < 2 ? { status: 503, body: { status: 'error', errorType: 'unavailable', error: 'storage is starting' } } : promVector(['0.99'])),
  errorLimit: 2,
};

/** What a release through a fault ended with. */
interface Outcome {
  status: RolloutStatusView;
  run?: RunView;
}

/** The case a request to the fake server is about: Prometheus' form (or query string) `query`, else the first path segment. */
function caseOf(req: ReceivedRequest): string {
  if (!req.path.startsWith('/api/v1/query')) return req.path.split('/')[1] ?? '';
  return new URLSearchParams(req.body).get('query') ?? new URL(req.path, 'http://x').searchParams.get('query') ?? '';
}

function templateYaml(c: FaultCase, address: string): string {
  const timeout = c.timeoutSeconds === undefined ? '' : `${c.provider === 'prometheus' ? 'timeout' : 'timeoutSeconds'}: ${c.timeoutSeconds}, `;
  const provider =
    c.provider === 'prometheus'
      ? `prometheus: {address: "${address}", ${timeout}query: "${c.name}"}`
      : `web: {url: "${address}/${c.name}/health", ${timeout}jsonPath: "{$.score}"}`;
  return `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: ${c.name}}
spec:
  metrics:
    - name: ${c.provider}-check
      interval: 1s
      count: 2
      consecutiveErrorLimit: ${c.errorLimit ?? 1}
      successCondition: "${c.provider === 'prometheus' ? PROM_SUCCESS : WEB_SUCCESS}"
      provider:
        ${provider}
`;
}

const stepsFor = (name: string): string => `      - setWeight: 50
      - analysis:
          templates: [{templateName: ${name}}]
      - setWeight: 100`;

describe('fault suite: Prometheus and web providers unreachable, slow or answering garbage', () => {
  // The health port is picked before the bed starts the controller (hooks run in order), so the
  // test can ask the controller process itself whether it is still alive at the end.
  const controllerArgs: string[] = [];
  let healthPort = 0;
  beforeAll(async () => {
    healthPort = await freePort();
    controllerArgs.push('--healthz-port', String(healthPort));
  });
  const bed = useControllerBed({ controllerArgs });
  let fake: LocalServer;
  let refusedPort = 0;
  const counts = new Map<string, number>();
  const outcomes = new Map<string, Promise<Outcome>>();
  const all = [...Object.values(CASES), PROM_NAN, PROM_RECOVERS];
  const portOf = (c: FaultCase): number => (c.answer === undefined ? refusedPort : fake.port);

  /** The Rollout's status read over HTTP: eleven releases polled through kubectl would take both cores. */
  async function statusOf(name: string): Promise<RolloutStatusView> {
    const res = await bed.sim.request('GET', `/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/${name}`);
    return (res.json as { status?: RolloutStatusView }).status ?? {};
  }

  function until(name: string, what: string, check: (s: RolloutStatusView) => boolean, timeoutMs = 20_000): Promise<RolloutStatusView> {
    return eventually(async () => {
      const s = await statusOf(name);
      return check(s) ? s : undefined;
    }, `${name}: ${what}`, timeoutMs);
  }

  /** Waits until the aborted canary's ReplicaSet is scaled to 0 (the stable one is scaled up first). */
  function canaryScaledAway(name: string, hash: string): Promise<boolean> {
    return eventually(async () => {
      const res = await bed.sim.request('GET', `/apis/apps/v1/namespaces/default/replicasets?labelSelector=${encodeURIComponent(`app=${name},rollouts-pod-template-hash=${hash}`)}`);
      const sets = (res.json as { items: { spec: { replicas?: number } }[] }).items;
      return sets.length === 1 && sets[0].spec.replicas === 0 ? true : undefined;
    }, `${name}: the canary scaled away`);
  }

  /** Releases app:2 through the case's analysis step and waits for the verdict: aborted (and scaled back) or promoted. */
  async function release(c: FaultCase): Promise<Outcome> {
    const address = c.answer === undefined ? `http://127.0.0.1:${refusedPort}` : fake.url;
    expect((await bed.sim.kubectl(['apply', '-f', '-'], templateYaml(c, address))).code).toBe(0);
    const apply = async (image: string): Promise<void> => void expect((await bed.sim.kubectl(['apply', '-f', '-'], canaryRolloutYaml(c.name, image, { steps: stepsFor(c.name) }))).code).toBe(0);
    await apply('app:1');
    const first = await until(c.name, 'first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS !== undefined && s.stableRS === s.currentPodHash);
    await apply('app:2');
    const promoted = (s: RolloutStatusView): boolean => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.stableRS !== first.stableRS;
    const verdict = await until(c.name, 'aborted or promoted', (s) => s.abort === true || promoted(s), 45_000);
    if (verdict.abort === true) await canaryScaledAway(c.name, verdict.currentPodHash ?? '');
    const status = verdict.abort === true ? await until(c.name, 'Degraded on the stable pods', (s) => s.phase === 'Degraded' && s.availableReplicas === 6) : verdict;
    return { status, run: await runOfRelease(bed.sim, c.name, status.currentPodHash ?? '') };
  }

  beforeAll(async () => {
    fake = await startLocalServer((req) => {
      const key = caseOf(req);
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      return all.find((c) => c.name === key)?.answer?.(n) ?? { status: 404, body: { error: `no case ${key}` } };
    });
    refusedPort = await closedPort();
    // Every release starts now and runs side by side; each test below awaits its own.
    for (const c of all) {
      const outcome = release(c);
      outcome.catch(() => undefined);
      outcomes.set(c.name, outcome);
    }
  });

  afterAll(async () => {
    await Promise.allSettled(outcomes.values());
    await fake?.stop();
  });

  /**
   * Checks an aborted release: two Error measurements (no value) whose message is the cause, retried
   * 10 s apart, the run Error naming it, the Rollout aborted with the run's message, a clean end state.
   */
  async function expectErrorAbort(c: FaultCase): Promise<void> {
    const { status, run } = (await outcomes.get(c.name)) ?? {};
    const cause = c.cause?.(portOf(c)) ?? '';
    const result = run?.status?.metricResults?.[0];
    expect(result?.measurements?.map((m) => [m.phase, m.message, m.value])).toEqual([
      ['Error', cause, undefined],
      ['Error', cause, undefined],
    ]);
    expect(result).toMatchObject({ name: `${c.provider}-check`, phase: 'Error', message: cause, error: 2, consecutiveError: 2 } satisfies Partial<MetricResultView>);
    // Argo's DefaultErrorRetryInterval: an Error is measured again after 10 s, not at the 1 s interval.
    const [first, second] = (result?.measurements ?? []).map((m) => Date.parse(m.startedAt ?? ''));
    expect(second - first).toBeGreaterThanOrEqual(9_000);
    // The second Error in a row ended the metric: nothing was asked after it.
    if (c.answer !== undefined) expect(counts.get(c.name)).toBe(2);
    const runMessage = `Metric "${c.provider}-check" assessed Error due to consecutiveErrors (2) > consecutiveErrorLimit (1): "Error Message: ${cause}"`;
    expect(run?.status).toMatchObject({ phase: 'Error', message: runMessage });
    expect(status?.message).toBe(`RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: ${runMessage}`);
    await expectCleanEndState(bed.sim, c.name, { phase: 'Degraded', stableImage: 'app:1', messageContains: cause });
  }

  it.each([
    ['Prometheus at a closed port (connection refused)', CASES.promRefused],
    ['Prometheus answering 3 s late, past its 1 s timeout', CASES.promSlow],
    ['Prometheus answering 200 with an HTML body (not JSON)', CASES.promNotJson],
    ['Prometheus answering JSON of the wrong shape (a sample that is not [time, value])', CASES.promWrongShape],
    ['Prometheus answering an empty vector (result[0] does not exist)', CASES.promEmpty],
    ['the web endpoint at a closed port (connection refused)', CASES.webRefused],
    ['the web endpoint answering 3 s late, past timeoutSeconds 1', CASES.webSlow],
    ['the web endpoint answering text that is not JSON (a string compared with a number)', CASES.webNotJson],
    ['the web endpoint answering JSON without the jsonPath field', CASES.webWrongShape],
  ])('injected: %s → checked: two Error measurements 10 s apart naming the cause, the run Error, the release aborted Degraded with that cause, traffic on stable', async (_what, c) => {
    await expectErrorAbort(c);
  }, 60_000);

  it('injected: Prometheus answering a NaN sample → checked: a Failed (not Error) measurement valued [NaN], the run Failed, the release aborted Degraded', async () => {
    const { run } = (await outcomes.get(PROM_NAN.name)) ?? {};
    const result = run?.status?.metricResults?.[0];
    expect(result?.measurements?.map((m) => [m.phase, m.value, m.message])).toEqual([['Failed', '[NaN]', undefined]]);
    expect(run?.status).toMatchObject({ phase: 'Failed', message: 'Metric "prometheus-check" assessed Failed due to failed (1) > failureLimit (0)' });
    await expectCleanEndState(bed.sim, PROM_NAN.name, { phase: 'Degraded', stableImage: 'app:1', messageContains: 'assessed Failed due to failed (1) > failureLimit (0)' });
  }, 60_000);

  it('injected: Prometheus answering 503 twice, then good values (consecutiveErrorLimit 2) → checked: the run Successful after two Error measurements, the release promoted Healthy', async () => {
    const { run } = (await outcomes.get(PROM_RECOVERS.name)) ?? {};
    const result = run?.status?.metricResults?.[0];
    expect(result?.measurements?.map((m) => [m.phase, m.message, m.value])).toEqual([
      ['Error', 'unavailable: storage is starting', undefined],
      ['Error', 'unavailable: storage is starting', undefined],
      ['Successful', undefined, '[0.99]'],
      ['Successful', undefined, '[0.99]'],
    ]);
    expect(result).toMatchObject({ phase: 'Successful', count: 2, successful: 2, error: 2 });
    expect(run?.status?.phase).toBe('Successful');
    await expectCleanEndState(bed.sim, PROM_RECOVERS.name, { phase: 'Healthy', stableImage: 'app:2' });
  }, 60_000);

  it('checked: the controller process outlived every fault (its /healthz answers) and logged no fatal error', async () => {
    await Promise.allSettled(outcomes.values());
    expect((await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status).toBe(200);
    const fatal = bed.controller.logs().split('\n').filter((line) => /"level":60|uncaught|unhandled/i.test(line));
    expect(fatal).toEqual([]);
  }, 60_000);
});
