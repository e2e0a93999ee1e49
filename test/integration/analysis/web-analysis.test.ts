import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closedPort, completedRun, eventsOf, getRun, listRuns, runOfRelease, startLocalServer, type Answer, type LocalServer, type ReceivedRequest } from '../../helpers/analysis-runs.js';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { canaryRolloutYaml, RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// Given the controller on rollouts-sim, the library's web-health-score template applied with kubectl
// and a health endpoint on 127.0.0.1 whose score the test sets per path (`/<key>/health` answers
// {"score": X}): runs written by hand and runs made by Rollouts measure that endpoint; a good score
// lets the release through, a low one aborts it, an endpoint that fails or is gone ends the run in
// Error, a score in between pauses the rollout until it is promoted, and background analysis aborts a
// release from its starting step on. A header filled from a Secret reaches the endpoint and nowhere else.

describe('web analysis with the web-health-score template', () => {
  const bed = useControllerBed();
  let web: LocalServer;
  // What each `/<key>/health` answers; a key not set answers 404.
  const answers = new Map<string, Answer>();
  const score = (key: string, value: number): void => void answers.set(key, { status: 200, body: { score: value } });
  const healthUrl = (key: string): string => `${web.url}/${key}/health`;
  const requestsTo = (key: string): ReceivedRequest[] => web.received.filter((r) => r.path === `/${key}/health`);

  beforeAll(async () => {
    web = await startLocalServer((req) => answers.get(req.path.split('/')[1] ?? '') ?? { status: 404, body: { error: 'no such key' } });
    expect((await bed.sim.kubectl(['apply', '-f', 'analysis/templates/web-health-score.yaml'])).code).toBe(0);
  });

  afterAll(async () => {
    await web?.stop();
  });

  /** Steps with one analysis step on the library template, measuring `/<key>/health` twice, a second apart. */
  const analysisSteps = (key: string): string => `      - setWeight: 50
      - analysis:
          templates: [{templateName: web-health-score}]
          args:
            - {name: url, value: "${healthUrl(key)}"}
            - {name: interval, value: 1s}
            - {name: count, value: "2"}`;

  it('a hand-written AnalysisRun measures the endpoint and ends Successful with the values in its status', async () => {
    score('manual', 0.97);
    const run = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: manual-health}
spec:
  args:
    - {name: url, value: "${healthUrl('manual')}"}
  metrics:
    - name: health-score
      interval: 1s
      count: 2
      successCondition: result >= 0.9
      provider:
        web:
          url: "{{args.url}}"
          jsonPath: "{$.score}"
`;
    expect((await bed.sim.kubectl(['apply', '-f', '-'], run)).code).toBe(0);
    const done = await completedRun(bed.sim, 'manual-health');
    expect(done.status?.phase).toBe('Successful');
    expect(done.status?.message).toBeUndefined();
    expect(done.status?.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(done.status?.completedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(done.status?.runSummary).toEqual({ count: 1, successful: 1 });
    const result = done.status?.metricResults?.[0];
    expect(result).toMatchObject({ name: 'health-score', phase: 'Successful', count: 2, successful: 2 });
    expect(result?.measurements?.map((m) => [m.phase, m.value])).toEqual([
      ['Successful', '0.97'],
      ['Successful', '0.97'],
    ]);
    // Measured twice, at least the interval apart.
    const [first, second] = result?.measurements ?? [];
    expect(Date.parse(second.startedAt ?? '') - Date.parse(first.startedAt ?? '')).toBeGreaterThanOrEqual(1000);
    expect(requestsTo('manual')).toHaveLength(2);
    expect(requestsTo('manual')[0].method).toBe('GET');
    const events = await eventually(async () => {
      const text = await eventsOf(bed.sim, 'manual-health');
      return text.includes('AnalysisRunSuccessful') ? text : undefined;
    }, 'the run events');
    expect(events).toContain("MetricSuccessful: Metric 'health-score' Completed. Result: Successful");
    expect(events).toContain('AnalysisRunSuccessful: Analysis Completed. Result: Successful');
  });

  it('a release whose endpoint scores above min-score passes the analysis step and is promoted', async () => {
    score('good', 0.95);
    const ro = new RolloutProbe(bed.sim, 'web-good');
    const first = await ro.deployFirst('web:1', { steps: analysisSteps('good') });
    await ro.apply('web:2', { steps: analysisSteps('good') });
    const done = await ro.until('the release promoted', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.stableRS !== first.stableRS, 20_000);
    expect(await ro.replicasByImage()).toEqual({ 'web:1': 0, 'web:2': 6 });
    const run = await runOfRelease(bed.sim, 'web-good', done.currentPodHash ?? '');
    expect(run?.metadata.name).toBe(`web-good-${done.currentPodHash}-2-1`);
    expect(run?.spec.args).toEqual(expect.arrayContaining([{ name: 'url', value: healthUrl('good') }, { name: 'interval', value: '1s' }, { name: 'count', value: '2' }, { name: 'min-score', value: '0.9' }]));
    expect(run?.status?.phase).toBe('Successful');
    const result = run?.status?.metricResults?.find((r) => r.name === 'health-score');
    expect(result).toMatchObject({ phase: 'Successful', count: 2, successful: 2 });
    expect(result?.measurements?.map((m) => m.value)).toEqual(['0.95', '0.95']);
    expect(requestsTo('good')).toHaveLength(2);
  });

  it('a Rollout naming a ClusterAnalysisTemplate that does not exist yet is InvalidSpec, and goes on once it is created', async () => {
    score('cluster', 0.99);
    const steps = `      - setWeight: 50
      - analysis:
          templates: [{templateName: cluster-health, clusterScope: true}]
          args: [{name: url, value: "${healthUrl('cluster')}"}]`;
    const ro = new RolloutProbe(bed.sim, 'web-cluster');
    // As in Argo, every template a Rollout names must exist, whichever step it is on.
    await ro.apply('web:1', { steps });
    const invalid = await ro.until('InvalidSpec for the missing template', (s) => s.conditions?.some((c) => c.type === 'InvalidSpec' && c.status === 'True') === true);
    expect(invalid.conditions?.find((c) => c.type === 'InvalidSpec')?.message).toBe('The Rollout "web-cluster" is invalid: spec.strategy.canary.steps[1].analysis.templates: Invalid value: "cluster-health": clusteranalysistemplate.argoproj.io "cluster-health" not found');
    const template = `apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata: {name: cluster-health}
spec:
  args: [{name: url}]
  metrics:
    - name: health-score
      successCondition: result >= 0.9
      provider: {web: {url: "{{args.url}}", jsonPath: "{$.score}"}}
`;
    expect((await bed.sim.kubectl(['apply', '-f', '-'], template)).code).toBe(0);
    // Creating the template wakes the Rollout: no other change is needed.
    const first = await ro.until('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);
    expect(first.conditions?.some((c) => c.type === 'InvalidSpec')).toBe(false);
    await ro.apply('web:2', { steps });
    const done = await ro.until('the release promoted', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.stableRS !== first.stableRS, 20_000);
    expect((await runOfRelease(bed.sim, 'web-cluster', done.currentPodHash ?? ''))?.status?.phase).toBe('Successful');
    expect(requestsTo('cluster')).toHaveLength(1);
    await bed.sim.kubectl(['delete', 'clusteranalysistemplate', 'cluster-health']);
  });

  it('a release whose endpoint scores below min-score is aborted, naming the metric', async () => {
    score('low', 0.42);
    const ro = new RolloutProbe(bed.sim, 'web-low');
    const first = await ro.deployFirst('web:1', { steps: analysisSteps('low') });
    await ro.apply('web:2', { steps: analysisSteps('low') });
    const aborted = await ro.until('the release aborted', (s) => s.abort === true, 20_000);
    expect(aborted.message).toBe('RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric "health-score" assessed Failed due to failed (1) > failureLimit (0)');
    const run = await runOfRelease(bed.sim, 'web-low', aborted.currentPodHash ?? '');
    expect(run?.status).toMatchObject({ phase: 'Failed', message: 'Metric "health-score" assessed Failed due to failed (1) > failureLimit (0)' });
    const result = run?.status?.metricResults?.[0];
    expect(result).toMatchObject({ name: 'health-score', phase: 'Failed', count: 1, failed: 1 });
    expect(result?.measurements?.map((m) => [m.phase, m.value])).toEqual([['Failed', '0.42']]);
    // The first failure ends the metric: no second measurement.
    expect(requestsTo('low')).toHaveLength(1);
    await ro.until('the canary scaled away', (s) => s.phase === 'Degraded' && s.availableReplicas === 6);
    expect(await ro.replicasByImage()).toEqual({ 'web:1': 6, 'web:2': 0 });
    expect((await ro.status()).stableRS).toBe(first.stableRS);
  });

  it('an endpoint that answers 500 or is not listening gives Error measurements, then an Error run that aborts the release', async () => {
    answers.set('broken', { status: 500, body: { error: 'internal' } });
    const refused = await closedPort();
    // Argo retries an errored measurement after 10 s whatever the interval, and consecutiveErrorLimit 2
    // needs a third error in a row: ~20 s each, so both causes run side by side.
    await Promise.all([
      expectErrorAbort('web-500', healthUrl('broken'), 'received non 2xx response code: 500'),
      expectErrorAbort('web-down', `http://127.0.0.1:${refused}/health`, `GET http://127.0.0.1:${refused}/health failed: connect ECONNREFUSED 127.0.0.1:${refused}`),
    ]);
    expect(requestsTo('broken')).toHaveLength(3);
  }, 60_000);

  /** Releases `name` with an analysis step on `url` and checks the run errors on `cause` and aborts the release. */
  async function expectErrorAbort(name: string, url: string, cause: string): Promise<void> {
    const steps = `      - setWeight: 50
      - analysis:
          templates: [{templateName: web-health-score}]
          args:
            - {name: url, value: "${url}"}
            - {name: interval, value: 1s}
            - {name: count, value: "2"}`;
    const ro = new RolloutProbe(bed.sim, name);
    await ro.deployFirst('web:1', { steps });
    await ro.apply('web:2', { steps });
    const aborted = await ro.until('the release aborted', (s) => s.abort === true, 40_000);
    // consecutiveErrorLimit 2: the third error in a row errors the metric; the last message is the cause.
    const runMessage = `Metric "health-score" assessed Error due to consecutiveErrors (3) > consecutiveErrorLimit (2): "Error Message: ${cause}"`;
    expect(aborted.message).toBe(`RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: ${runMessage}`);
    const run = await runOfRelease(bed.sim, name, aborted.currentPodHash ?? '');
    expect(run?.status).toMatchObject({ phase: 'Error', message: runMessage });
    const result = run?.status?.metricResults?.[0];
    expect(result).toMatchObject({ name: 'health-score', phase: 'Error', error: 3, consecutiveError: 3, message: cause });
    // Errors do not count toward `count`, and an errored measurement has no value.
    expect(result?.count).toBeUndefined();
    expect(result?.measurements?.map((m) => [m.phase, m.message, m.value])).toEqual([
      ['Error', cause, undefined],
      ['Error', cause, undefined],
      ['Error', cause, undefined],
    ]);
    // Retried 10 s after each error (Argo's DefaultErrorRetryInterval), not at the 1 s interval.
    const started = (result?.measurements ?? []).map((m) => Date.parse(m.startedAt ?? ''));
    expect(started[1] - started[0]).toBeGreaterThanOrEqual(9_000);
    const events = await eventually(async () => {
      const text = await eventsOf(bed.sim, run?.metadata.name ?? '');
      return text.includes('AnalysisRunError') ? text : undefined;
    }, 'the run events');
    expect(events).toContain("MetricError: Metric 'health-score' Completed. Result: Error");
    expect(events).toContain('AnalysisRunError: Analysis Completed. Result: Error');
  }

  it('a header filled from a Secret reaches the endpoint, and the secret shows in no status, event or log', async () => {
    const token = `tok-${randomBytes(12).toString('hex')}`;
    // The endpoint scores only requests that carry the token.
    const created = await bed.sim.kubectl(['create', 'secret', 'generic', 'health-token', `--from-literal=token=${token}`]);
    expect(created.code).toBe(0);
    score('private', 0.93);
    const run = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: private-health}
spec:
  args:
    - {name: url, value: "${healthUrl('private')}"}
    - name: token
      valueFrom: {secretKeyRef: {name: health-token, key: token}}
  metrics:
    - name: health-score
      interval: 1s
      count: 2
      successCondition: result >= 0.9
      provider:
        web:
          url: "{{args.url}}"
          headers:
            - {key: Authorization, value: "Bearer {{args.token}}"}
          jsonPath: "{$.score}"
`;
    expect((await bed.sim.kubectl(['apply', '-f', '-'], run)).code).toBe(0);
    const done = await completedRun(bed.sim, 'private-health');
    expect(done.status?.phase).toBe('Successful');
    expect(requestsTo('private').map((r) => r.headers.authorization)).toEqual([`Bearer ${token}`, `Bearer ${token}`]);

    const stored = (await bed.sim.kubectl(['get', 'analysisrun', 'private-health', '-o', 'yaml'])).stdout;
    expect(stored).toContain('secretKeyRef');
    expect(stored).not.toContain(token);
    const events = (await bed.sim.kubectl(['get', 'events', '-o', 'yaml'])).stdout;
    expect(events).toContain('private-health');
    expect(events).not.toContain(token);
    const logs = bed.controller.logs();
    expect(logs).toContain('private-health');
    expect(logs).not.toContain(token);
  });

  it('a secret in the path of an unreachable URL is masked in the Error message and absent from events and logs', async () => {
    const token = `path-${randomBytes(12).toString('hex')}`;
    expect((await bed.sim.kubectl(['create', 'secret', 'generic', 'path-token', `--from-literal=token=${token}`])).code).toBe(0);
    const refused = await closedPort();
    const run = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: path-secret-health}
spec:
  args:
    - name: token
      valueFrom: {secretKeyRef: {name: path-token, key: token}}
  metrics:
    - name: health-score
      consecutiveErrorLimit: 0
      successCondition: result >= 0.9
      provider:
        web:
          url: "http://127.0.0.1:${refused}/hooks/{{args.token}}/health"
          jsonPath: "{$.score}"
`;
    expect((await bed.sim.kubectl(['apply', '-f', '-'], run)).code).toBe(0);
    const done = await completedRun(bed.sim, 'path-secret-health');
    const cause = `GET http://127.0.0.1:${refused}/hooks/*****/health failed: connect ECONNREFUSED 127.0.0.1:${refused}`;
    expect(done.status).toMatchObject({ phase: 'Error', message: `Metric "health-score" assessed Error due to consecutiveErrors (1) > consecutiveErrorLimit (0): "Error Message: ${cause}"` });
    expect(done.status?.metricResults?.[0].measurements?.map((m) => m.message)).toEqual([cause]);
    await eventually(async () => ((await eventsOf(bed.sim, 'path-secret-health')).includes('AnalysisRunError') ? true : undefined), 'the run events');
    expect((await bed.sim.kubectl(['get', 'events', '-o', 'yaml'])).stdout).not.toContain(token);
    const logs = bed.controller.logs();
    expect(logs).toContain('path-secret-health');
    expect(logs).not.toContain(token);
  });

  it('an Inconclusive run pauses the release with InconclusiveAnalysisRun, and promote moves it past the analysis step', async () => {
    // Between the success and the failure condition neither holds: the measurement is Inconclusive.
    const template = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: web-score-band}
spec:
  args: [{name: url}]
  metrics:
    - name: health-score
      interval: 1s
      count: 1
      successCondition: result >= 0.9
      failureCondition: result < 0.5
      provider:
        web: {url: "{{args.url}}", jsonPath: "{$.score}"}
`;
    expect((await bed.sim.kubectl(['apply', '-f', '-'], template)).code).toBe(0);
    // A timed pause follows the analysis: promote must not leave the rollout stuck on it.
    const steps = `      - setWeight: 50
      - analysis:
          templates: [{templateName: web-score-band}]
          args: [{name: url, value: "${healthUrl('band')}"}]
      - pause: {duration: 1s}`;
    score('band', 0.7);
    const ro = new RolloutProbe(bed.sim, 'web-band');
    await ro.deployFirst('web:1', { steps });
    await ro.apply('web:2', { steps });
    const paused = await ro.until('paused on the inconclusive run', (s) => (s.pauseConditions ?? []).some((c) => c.reason === 'InconclusiveAnalysisRun'), 20_000);
    expect(paused).toMatchObject({ phase: 'Paused', message: 'InconclusiveAnalysisRun', controllerPause: true, currentStepIndex: 1 });
    expect(paused.abort).toBeFalsy();
    expect(await ro.replicasByImage()).toEqual({ 'web:1': 3, 'web:2': 3 });
    const inconclusive = await runOfRelease(bed.sim, 'web-band', paused.currentPodHash ?? '');
    expect(inconclusive?.metadata.name).toBe(`web-band-${paused.currentPodHash}-2-1`);
    expect(inconclusive?.status).toMatchObject({ phase: 'Inconclusive', message: 'Metric "health-score" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)' });
    expect(inconclusive?.status?.metricResults?.[0]).toMatchObject({ phase: 'Inconclusive', count: 1, inconclusive: 1 });
    expect(inconclusive?.status?.metricResults?.[0].measurements?.map((m) => [m.phase, m.value])).toEqual([['Inconclusive', '0.7']]);

    // A person looks at the score and promotes: as with Argo's plugin, the inconclusive analysis step
    // is passed over (no second run) and the release goes on through the following pause.
    const promoted = await bed.rollouts(['promote', 'web-band']);
    expect(promoted).toMatchObject({ code: 0, stdout: "rollout 'web-band' promoted\n" });
    const done = await ro.until('the release promoted', (s) => s.phase === 'Healthy' && s.stableRS === paused.currentPodHash, 20_000);
    expect(done.pauseConditions ?? []).toEqual([]);
    expect(done.controllerPause).toBeFalsy();
    expect(await ro.replicasByImage()).toEqual({ 'web:1': 0, 'web:2': 6 });
    const runs = (await listRuns(bed.sim, `rollouts-pod-template-hash=${paused.currentPodHash ?? ''}`)).map((r) => [r.metadata.name, r.status?.phase]);
    expect(runs).toEqual([[`web-band-${paused.currentPodHash}-2-1`, 'Inconclusive']]);
    expect(requestsTo('band')).toHaveLength(1);
  });

  it('background analysis starts at startingStep and a failing score aborts the release', async () => {
    score('background', 0.3);
    const steps = `      - setWeight: 25
      - pause: {}
      - setWeight: 50
      - pause: {}`;
    const background = `      analysis:
        startingStep: 2
        templates: [{templateName: web-health-score}]
        args:
          - {name: url, value: "${healthUrl('background')}"}
          - {name: interval, value: 1s}
          - {name: count, value: "2"}
      steps:
`;
    const apply = async (image: string): Promise<void> => {
      const yaml = canaryRolloutYaml('web-bg', image, { steps }).replace('      steps:\n', background);
      const result = await bed.sim.kubectl(['apply', '-f', '-'], yaml);
      expect(result).toMatchObject({ code: 0 });
    };
    const ro = new RolloutProbe(bed.sim, 'web-bg');
    await apply('web:1');
    const first = await ro.until('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);
    await apply('web:2');
    const atPause = await ro.until('paused at step 1', (s) => s.currentStepIndex === 1 && (s.pauseConditions ?? []).some((c) => c.reason === 'CanaryPauseStep'));
    // Before startingStep there is no background run, and the endpoint was never asked.
    expect(await runOfRelease(bed.sim, 'web-bg', atPause.currentPodHash ?? '', 'Background')).toBeUndefined();
    expect(requestsTo('background')).toHaveLength(0);

    expect((await bed.rollouts(['promote', 'web-bg'])).code).toBe(0);
    const aborted = await ro.until('the release aborted by background analysis', (s) => s.abort === true, 20_000);
    expect(aborted.message).toBe('RolloutAborted: Rollout aborted update to revision 2: Background analysis phase error/failed: Metric "health-score" assessed Failed due to failed (1) > failureLimit (0)');
    const run = await runOfRelease(bed.sim, 'web-bg', aborted.currentPodHash ?? '', 'Background');
    expect(run?.metadata.name).toBe(`web-bg-${aborted.currentPodHash}-2`);
    expect(run?.status).toMatchObject({ phase: 'Failed' });
    expect(run?.status?.metricResults?.[0].measurements?.map((m) => [m.phase, m.value])).toEqual([['Failed', '0.3']]);
    await ro.until('the canary scaled away', (s) => s.phase === 'Degraded' && s.availableReplicas === 6);
    expect(await ro.replicasByImage()).toEqual({ 'web:1': 6, 'web:2': 0 });
    expect((await ro.status()).stableRS).toBe(first.stableRS);
    expect(await getRun(bed.sim, run?.metadata.name ?? '')).toBeDefined();
  });
});
