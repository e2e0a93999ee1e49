import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalServer, type LocalServer } from '../../helpers/analysis-runs.js';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { canaryRolloutYaml, RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { freePort } from '../../helpers/prometheus-process.js';
import { eventually, type RunningSim } from '../../helpers/sim-process.js';

// Given rollouts-sim, the controller, a webhook receiver on 127.0.0.1 and a second one that answers
// 500, the notification ConfigMap and Secret in the controller's namespace (argo-rollouts) and
// Rollouts subscribed by annotation: when a release runs, each subscribed trigger occurrence (one
// recorded Event) reaches the receiver exactly once with its templated body and the Secret-backed
// header, and Slack's chat.postMessage (apiURL pointed at the receiver) gets each completion once per
// channel; the failing service is retried, logged and counted, and the release takes no longer than
// the same release of a rollout not subscribed to it. An analysis that fails sends on-analysis-run-failed
// and on-rollout-aborted.

const TRIGGERS = ['rollout-step-completed', 'rollout-paused', 'rollout-completed', 'rollout-aborted', 'analysis-run-failed'];
const REASON_OF: Record<string, string> = {
  'rollout-step-completed': 'RolloutStepCompleted',
  'rollout-paused': 'RolloutPaused',
  'rollout-completed': 'RolloutCompleted',
  'rollout-aborted': 'RolloutAborted',
  'analysis-run-failed': 'AnalysisRunFailed',
};
const SECRET_TOKEN = 'tok-s3cr3t-4711';

function settingsYaml(hooksUrl: string, brokenUrl: string): string {
  const indent = (text: string, n: number): string => text.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  const entries = TRIGGERS.flatMap((t) => {
    const body = `{"trigger": "${t}", "rollout": "{{.rollout.metadata.name}}", "step": "{{add .rollout.status.currentStepIndex 1}}/{{len .rollout.spec.strategy.canary.steps}}", "images": "{{range $i, $c := .rollout.spec.template.spec.containers}}{{if $i}},{{end}}{{$c.image}}{{end}}"}`;
    const template = `message: Rollout {{.rollout.metadata.name}} ${t}
webhook:
  hooks:
    method: POST
    path: /${t}/{{.rollout.metadata.name}}
    body: '${body}'
  broken:
    method: POST
    path: /${t}
    body: '${body}'`;
    return [`  trigger.on-${t}: |\n    - send: [${t}]`, `  template.${t}: |\n${indent(template, 4)}`];
  });
  return `apiVersion: v1
kind: Namespace
metadata: {name: argo-rollouts}
---
apiVersion: v1
kind: Secret
metadata: {name: argo-rollouts-notification-secret, namespace: argo-rollouts}
stringData: {hook-token: ${SECRET_TOKEN}, slack-token: xoxb-${SECRET_TOKEN}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: argo-rollouts-notification-configmap, namespace: argo-rollouts}
data:
${entries.join('\n')}
  service.webhook.hooks: |
    url: ${hooksUrl}/notify
    headers:
    - {name: X-Token, value: $hook-token}
  service.slack: |
    token: $slack-token
    apiURL: ${hooksUrl}/slack/
  service.webhook.broken: |
    url: ${brokenUrl}
    retryWaitMin: 300ms
    retryWaitMax: 600ms
`;
}

const STEPS = (url: string): string => `      - setWeight: 50
      - pause: {duration: 2s}
      - analysis:
          templates: [{templateName: verdict}]
          args: [{name: url, value: "${url}"}]
      - setWeight: 100`;

const VERDICT_TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: verdict}
spec:
  args: [{name: url}]
  metrics:
    - name: score
      count: 1
      successCondition: result >= 0.9
      failureCondition: result < 0.5
      provider:
        web: {url: "{{args.url}}", jsonPath: "{$.score}"}
`;

/** The rollout YAML with subscription annotations: every trigger to `hooks`, and some to `broken` too. */
function subscribedRollout(name: string, image: string, steps: string, broken: boolean): string {
  const annotations = TRIGGERS.map((t) => `    notifications.argoproj.io/subscribe.on-${t}.hooks: ""`);
  annotations.push('    notifications.argoproj.io/subscribe.on-rollout-completed.slack: releases;oncall');
  if (broken) annotations.push('    notifications.argoproj.io/subscribe.on-rollout-step-completed.broken: ""', '    notifications.argoproj.io/subscribe.on-rollout-paused.broken: ""');
  return canaryRolloutYaml(name, image, { steps }).replace(`metadata: {name: ${name}}`, `metadata:\n  name: ${name}\n  annotations:\n${annotations.join('\n')}`);
}

/** Events recorded on the Rollout `name`, counted by reason. */
async function eventCounts(sim: RunningSim, name: string): Promise<Record<string, number>> {
  const out = await sim.kubectl(['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'jsonpath={range .items[*]}{.involvedObject.kind} {.reason}{"\\n"}{end}']);
  const counts: Record<string, number> = {};
  for (const line of out.stdout.split('\n')) {
    const [kind, reason] = line.split(' ');
    if (kind === 'Rollout') counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return counts;
}

describe('notifications from rollout events', () => {
  // The controller's /metrics port, chosen before the bed starts it (beforeAll hooks run in order).
  const controllerArgs: string[] = [];
  let metricsPort = 0;
  beforeAll(async () => {
    metricsPort = await freePort();
    controllerArgs.push('--metrics-port', String(metricsPort));
  });
  const bed = useControllerBed({ controllerArgs });
  const metricValue = async (name: string, labels: Record<string, string>): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  let hooks: LocalServer;
  let broken: LocalServer;
  let scores: LocalServer;

  /** Notifications `hooks` received for `rollout`, counted by trigger. */
  const notified = (rollout: string): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const r of hooks.received.filter((x) => x.path.endsWith(`/${rollout}`))) {
      const trigger = r.path.split('/')[2];
      counts[REASON_OF[trigger]] = (counts[REASON_OF[trigger]] ?? 0) + 1;
    }
    return counts;
  };
  const subscribedEvents = async (rollout: string): Promise<Record<string, number>> => {
    const all = await eventCounts(bed.sim, rollout);
    return Object.fromEntries(Object.entries(all).filter(([reason]) => Object.values(REASON_OF).includes(reason)));
  };
  // Every subscribed event of `rollout` has reached the receiver exactly once (and stays so for 1.5 s).
  const settled = async (rollout: string): Promise<Record<string, number>> => {
    let last = '';
    const counts = await eventually(async () => {
      // kubectl per poll: a slower pace than eventually's 50 ms.
      await new Promise((r) => setTimeout(r, 250));
      const events = await subscribedEvents(rollout);
      last = `events ${JSON.stringify(sortKeys(events))}, notifications ${JSON.stringify(sortKeys(notified(rollout)))}`;
      return JSON.stringify(sortKeys(events)) === JSON.stringify(sortKeys(notified(rollout))) ? events : undefined;
    }, `${rollout}: one notification per subscribed event`, 20_000).catch((err: unknown) => {
      throw new Error(`${String(err)} (${last})\n${bed.controller.logs().split('\n').filter((l) => l.includes('notification')).slice(-20).join('\n')}`);
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(sortKeys(notified(rollout))).toEqual(sortKeys(await subscribedEvents(rollout)));
    return counts;
  };

  beforeAll(async () => {
    hooks = await startLocalServer(() => ({ status: 200, body: { ok: true } }));
    broken = await startLocalServer(() => ({ status: 500, body: { error: 'down' } }));
    scores = await startLocalServer((req) => ({ status: 200, body: { score: req.path === '/pass' ? 1 : 0 } }));
    expect((await bed.sim.kubectl(['apply', '-f', '-'], settingsYaml(hooks.url, broken.url))).code).toBe(0);
    expect((await bed.sim.kubectl(['apply', '-f', '-'], VERDICT_TEMPLATE)).code).toBe(0);
  });

  afterAll(async () => {
    await Promise.all([hooks?.stop(), broken?.stop(), scores?.stop()]);
  });

  const release = async (name: string, image: string, path: string, withBroken: boolean): Promise<number> => {
    const started = Date.now();
    const result = await bed.sim.kubectl(['apply', '-f', '-'], subscribedRollout(name, image, STEPS(`${scores.url}${path}`), withBroken));
    expect(result.code).toBe(0);
    await new RolloutProbe(bed.sim, name).until(`${image} healthy`, (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.currentStepIndex === 4, 30_000);
    return Date.now() - started;
  };

  it('a release sends each subscribed trigger once per event, templated; a failing service delays nothing', async () => {
    await release('cart', 'cart:1', '/pass', false);
    await release('shop', 'shop:1', '/pass', true);
    await settled('cart');
    await settled('shop');
    const hooksBefore = hooks.received.length;

    const cartMs = await release('cart', 'cart:2', '/pass', false);
    const shopMs = await release('shop', 'shop:2', '/pass', true);
    const events = await settled('shop');
    await settled('cart');

    // The release's step completions (4 steps) and its pause each made one Event and one notification.
    expect(events.RolloutStepCompleted).toBeGreaterThanOrEqual(4);
    expect(events.RolloutPaused).toBeGreaterThanOrEqual(1);
    const shopBodies = hooks.received.slice(hooksBefore).filter((r) => r.path.endsWith('/shop')).map((r) => JSON.parse(r.body) as Record<string, string>);
    const steps = shopBodies.filter((b) => b.trigger === 'rollout-step-completed');
    expect(steps.length).toBe(4);
    expect(steps.every((b) => b.rollout === 'shop' && b.images === 'shop:2' && /^\d\/4$/.test(b.step))).toBe(true);
    expect(shopBodies.filter((b) => b.trigger === 'rollout-completed')).toHaveLength(1);
    expect(hooks.received.filter((r) => r.path.startsWith('/notify/')).every((r) => r.method === 'POST' && r.headers['x-token'] === SECRET_TOKEN)).toBe(true);

    // Slack (chat.postMessage at the apiURL override): each RolloutCompleted of shop to both channels.
    const slack = hooks.received.filter((r) => r.path === '/slack/chat.postMessage').map((r) => ({ auth: r.headers.authorization, ...(JSON.parse(r.body) as { channel: string; text: string }) }));
    const shopSlack = slack.filter((m) => m.text === 'Rollout shop rollout-completed');
    expect(shopSlack.filter((m) => m.channel === 'releases')).toHaveLength(events.RolloutCompleted);
    expect(shopSlack.filter((m) => m.channel === 'oncall')).toHaveLength(events.RolloutCompleted);
    expect(slack.every((m) => m.auth === `Bearer xoxb-${SECRET_TOKEN}`)).toBe(true);

    // The failing service: each of its sends tried 3 times, logged as failed; the release was not slower.
    const brokenSends = (events.RolloutStepCompleted ?? 0) + (events.RolloutPaused ?? 0);
    await eventually(() => (broken.received.length >= brokenSends * 3 ? true : undefined), 'every broken send tried 3 times', 30_000);
    const failed = bed.controller.logs().split('\n').filter((l) => l.includes('"notification failed"') && l.includes('"service":"broken"'));
    expect(failed.length).toBeGreaterThanOrEqual(brokenSends);
    expect(failed.every((l) => l.includes('"attempts":3') && l.includes('"error":"HTTP 500"'))).toBe(true);
    // …and counted with Argo's metric names.
    const stepErrors = events.RolloutStepCompleted ?? 1;
    await eventually(async () => ((await metricValue('notification_send_error', { namespace: 'default', name: 'shop', reason: 'RolloutStepCompleted' })) >= stepErrors ? true : undefined), 'failed sends counted', 10_000);
    expect(await metricValue('notification_send_success', { namespace: 'default', name: 'cart', reason: 'RolloutCompleted' })).toBeGreaterThanOrEqual(1);
    process.stdout.write(`notifications: release with a failing subscriber ${shopMs} ms, without ${cartMs} ms; events ${JSON.stringify(events)}; broken requests ${broken.received.length}\n`);
    expect(shopMs).toBeLessThan(cartMs + 2000);
    expect(bed.controller.logs()).not.toContain(SECRET_TOKEN);
  }, 120_000);

  it('a failed analysis sends on-analysis-run-failed and on-rollout-aborted once each', async () => {
    const before = notified('shop');
    const result = await bed.sim.kubectl(['apply', '-f', '-'], subscribedRollout('shop', 'shop:3', STEPS(`${scores.url}/fail`), true));
    expect(result.code).toBe(0);
    await new RolloutProbe(bed.sim, 'shop').until('aborted', (s) => s.phase === 'Degraded' || s.abort === true, 30_000);
    await settled('shop');
    const after = notified('shop');
    expect((after.AnalysisRunFailed ?? 0) - (before.AnalysisRunFailed ?? 0)).toBe(1);
    expect((after.RolloutAborted ?? 0) - (before.RolloutAborted ?? 0)).toBe(1);
    // The AnalysisRuns' own events notify no one: runs carry no subscription annotations.
    expect(hooks.received.filter((r) => !/\/(shop|cart)$/.test(r.path) && r.path !== '/slack/chat.postMessage')).toEqual([]);
  }, 60_000);
});

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
