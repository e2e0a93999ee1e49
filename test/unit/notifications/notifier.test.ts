import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createNotifier, notificationSendResults, type NotificationSendResult } from '../../../src/notifications/notifier.js';
import { createFakeTimerClock } from '../../helpers/fake-timer-clock.js';

const configMap = {
  'trigger.on-rollout-step-completed': '- send: [step]\n',
  'trigger.on-rollout-paused': "- send: [paused]\n  when: rollout.status.phase == 'Paused'\n",
  'template.step': 'message: step {{add .rollout.status.currentStepIndex 1}} of {{.rollout.metadata.name}}\nwebhook:\n  hooks:\n    method: POST\n    path: /{{.rollout.metadata.name}}\n    body: "{{.rollout.metadata.name}} step {{add .rollout.status.currentStepIndex 1}}"\n',
  'template.paused': 'message: "{{.rollout.metadata.name}} paused for {{.recipient}}"\n',
  'service.webhook.hooks': 'url: http://hooks.test/base\nheaders:\n- name: X-Token\n  value: $token\n',
  'service.slack': 'token: $slack\napiURL: http://slack.test/api\n',
};
const secret = { token: 'tok-1', slack: 'xoxb-2' };

const rollout = (phase: string) => ({
  kind: 'Rollout',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: {
      'notifications.argoproj.io/subscribe.on-rollout-step-completed.hooks': '',
      'notifications.argoproj.io/subscribe.on-rollout-paused.slack': 'ops;dev',
    },
  },
  status: { phase, currentStepIndex: 1 },
});

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

function bed(answer: (call: Call) => Response = () => new Response('{"ok":true}')): { calls: Call[]; results: NotificationSendResult[]; notifier: ReturnType<typeof createNotifier>; reads: () => number } {
  const calls: Call[] = [];
  const results: NotificationSendResult[] = [];
  let reads = 0;
  const notifier = createNotifier({
    source: {
      read: () => {
        reads++;
        return Promise.resolve({ configMap, secret });
      },
    },
    log: pino({ level: 'silent' }),
    clock: createFakeTimerClock(),
    fetch: (url, init) => {
      const call = { url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: typeof init.body === 'string' ? init.body : '' };
      calls.push(call);
      return Promise.resolve(answer(call));
    },
    onSend: (r) => results.push(r),
  });
  return { calls, results, notifier, reads: () => reads };
}

describe('notifier', () => {
  it('sends one webhook per step-completed event, templated, with the secret header', async () => {
    const { calls, results, notifier } = bed();
    notifier.notify(rollout('Progressing'), { type: 'Normal', reason: 'RolloutStepCompleted', message: 'Rollout step 2/3 completed (setWeight: 50)' });
    await notifier.drain(1000);
    expect(calls).toEqual([{ url: 'http://hooks.test/base/shop', method: 'POST', headers: { 'X-Token': 'tok-1' }, body: 'shop step 2' }]);
    expect(results).toMatchObject([{ ok: true, trigger: 'on-rollout-step-completed', service: 'hooks', name: 'shop', attempts: 1 }]);
  });

  it('sends to each slack recipient when the condition holds, and nothing when it does not', async () => {
    const { calls, notifier } = bed();
    notifier.notify(rollout('Progressing'), { type: 'Normal', reason: 'RolloutPaused', message: 'x' });
    notifier.notify(rollout('Paused'), { type: 'Normal', reason: 'RolloutPaused', message: 'x' });
    await notifier.drain(1000);
    expect(calls.map((c): unknown[] => [c.url, c.headers.Authorization, JSON.parse(c.body)])).toEqual([
      ['http://slack.test/api/chat.postMessage', 'Bearer xoxb-2', { channel: 'ops', text: 'shop paused for ops' }],
      ['http://slack.test/api/chat.postMessage', 'Bearer xoxb-2', { channel: 'dev', text: 'shop paused for dev' }],
    ]);
  });

  it('ignores events nobody subscribed to, and reads the settings once while cached', async () => {
    const { calls, notifier, reads } = bed();
    for (const reason of ['RolloutCompleted', 'ScalingReplicaSet', 'RolloutStepCompleted']) notifier.notify(rollout('Healthy'), { type: 'Normal', reason, message: '' });
    await notifier.drain(1000);
    expect(calls).toHaveLength(1);
    expect(reads()).toBe(1);
  });

  it('counts a Slack refusal as a failure, emitted on notificationSendResults too', async () => {
    const emitted: NotificationSendResult[] = [];
    const listener = (r: NotificationSendResult): void => void emitted.push(r);
    notificationSendResults.on('result', listener);
    const { results, notifier } = bed(() => new Response('{"ok":false,"error":"channel_not_found"}'));
    notifier.notify(rollout('Paused'), { type: 'Normal', reason: 'RolloutPaused', message: '' });
    await notifier.drain(1000);
    notificationSendResults.off('result', listener);
    expect(results.map((r) => [r.ok, r.error, r.attempts])).toEqual([
      [false, 'slack: channel_not_found', 1],
      [false, 'slack: channel_not_found', 1],
    ]);
    expect(emitted).toEqual(results);
  });

  it('drops events beyond the queue limit, reporting each drop', async () => {
    const results: NotificationSendResult[] = [];
    const notifier = createNotifier({ source: { read: () => Promise.resolve({ configMap, secret }) }, log: pino({ level: 'silent' }), fetch: () => Promise.resolve(new Response('{}')), onSend: (r) => results.push(r), queueLimit: 1 });
    for (let i = 0; i < 3; i++) notifier.notify(rollout('Progressing'), { type: 'Normal', reason: 'RolloutStepCompleted', message: '' });
    await notifier.drain(1000);
    expect(results.map((r) => [r.ok, r.error ?? ''])).toEqual([
      [false, 'notification queue full: event dropped'],
      [false, 'notification queue full: event dropped'],
      [true, ''],
    ]);
  });

  it('returns from notify at once, before anything is read or sent', () => {
    const { calls, notifier, reads } = bed();
    notifier.notify(rollout('Paused'), { type: 'Normal', reason: 'RolloutStepCompleted', message: '' });
    expect(reads()).toBe(0);
    expect(calls).toHaveLength(0);
  });
});
