import { describe, expect, it } from '@jest/globals';
import { parseNotificationConfig, SLACK_API_URL } from '../../../src/notifications/config.js';

const configMap = {
  'trigger.on-rollout-completed': '- send: [rollout-completed]\n',
  'trigger.on-purple': "- send: [purple]\n  when: rollout.spec.template.spec.containers[0].image == 'shop:purple'\n  oncePer: rollout.metadata.generation\n",
  'template.rollout-completed': 'message: Rollout {{.rollout.metadata.name}} has been completed.\nwebhook:\n  hooks:\n    method: POST\n    path: /done/{{.rollout.metadata.name}}\n    body: |\n      {"text": "done"}\n',
  'template.purple': 'message: purple\nslack:\n  attachments: |\n    [{"title": "x"}]\n',
  'service.webhook.hooks': 'url: http://127.0.0.1:9/base\nheaders:\n- name: Authorization\n  value: Bearer $hook-token\nbasicAuth:\n  username: u\n  password: $hook-password\nretryMax: 1\nretryWaitMin: 200ms\n',
  'service.slack': 'token: $slack-token\n',
  'service.slack.team2': 'token: t2\napiURL: http://127.0.0.1:10/api\n',
  defaultTriggers: '- on-rollout-completed\n',
  'defaultTriggers.team2': '- on-purple\n',
  subscriptions: '- recipients: [slack:ops, hooks]\n  triggers: [on-rollout-completed]\n  selector: app=shop\n',
};
const secret = { 'hook-token': 's3cr3t', 'hook-password': 'pw', 'slack-token': 'xoxb-1' };

describe('parseNotificationConfig', () => {
  const config = parseNotificationConfig(configMap, secret);

  it('reads triggers with when, send and oncePer', () => {
    expect(config.triggers.get('on-rollout-completed')).toEqual([{ send: ['rollout-completed'], when: undefined, oncePer: undefined }]);
    expect(config.triggers.get('on-purple')).toEqual([{ send: ['purple'], when: "rollout.spec.template.spec.containers[0].image == 'shop:purple'", oncePer: 'rollout.metadata.generation' }]);
  });

  it('reads templates with message, webhook and slack parts', () => {
    expect(config.templates.get('rollout-completed')).toEqual({
      message: 'Rollout {{.rollout.metadata.name}} has been completed.',
      webhook: { hooks: { method: 'POST', path: '/done/{{.rollout.metadata.name}}', body: '{"text": "done"}\n' } },
    });
    expect(config.templates.get('purple')?.slack?.attachments).toBe('[{"title": "x"}]\n');
  });

  it('names services as notifications-engine does and substitutes $secret keys', () => {
    expect(config.services.get('hooks')).toEqual({
      type: 'webhook',
      url: 'http://127.0.0.1:9/base',
      headers: [{ name: 'Authorization', value: 'Bearer s3cr3t' }],
      basicAuth: { username: 'u', password: 'pw' },
      retry: { attempts: 2, waitMinMs: 200, waitMaxMs: 5000 },
    });
    expect(config.services.get('slack')).toMatchObject({ type: 'slack', token: 'xoxb-1', apiURL: SLACK_API_URL, retry: { attempts: 3, waitMinMs: 1000 } });
    expect(config.services.get('team2')).toMatchObject({ type: 'slack', token: 't2', apiURL: 'http://127.0.0.1:10/api/' });
  });

  it('reads default triggers and subscriptions', () => {
    expect(config.defaultTriggers).toEqual(['on-rollout-completed']);
    expect(config.serviceDefaultTriggers.get('team2')).toEqual(['on-purple']);
    expect(config.subscriptions).toEqual([{ recipients: [{ service: 'slack', recipient: 'ops' }, { service: 'hooks', recipient: '' }], triggers: ['on-rollout-completed'], selector: 'app=shop' }]);
    expect(config.problems).toEqual([]);
  });

  it('leaves unknown $keys as written', () => {
    const c = parseNotificationConfig({ 'service.slack': 'token: $missing\n' }, {});
    expect(c.services.get('slack')).toMatchObject({ token: '$missing' });
  });

  it.each([
    ['service.email', 'host: smtp\n', 'service.email: service type email is not supported (webhook and slack are)'],
    ['service.webhook.x', 'headers: []\n', 'service.webhook.x: url is required'],
    ['trigger.on-x', 'send: [a]\n', 'trigger.on-x: a trigger must be a list'],
    ['template.t', '- 1\n', 'template.t: a template must be a map'],
    ['colour', 'x', 'colour: unknown key'],
  ])('reports %s without its value', (key, text, problem) => {
    expect(parseNotificationConfig({ [key]: text }, { token: 'never-shown' }).problems).toEqual([problem]);
  });

  it('never puts a secret value in a problem', () => {
    const c = parseNotificationConfig({ 'service.webhook.x': 'url: [$token\n' }, { token: 'never-shown' });
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0]).not.toContain('never-shown');
  });
});
