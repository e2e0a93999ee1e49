import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { parseNotificationConfig } from '../../../src/notifications/config.js';
import { renderNotification } from '../../../src/notifications/render.js';
import { destinationsFor } from '../../../src/notifications/subscriptions.js';
import { runTrigger } from '../../../src/notifications/triggers.js';

// The README's Notifications example is a working configuration.
describe('README notifications example', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Notifications'));
  const yamlText = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const data = (parseYaml(yamlText) as { data: Record<string, string> }).data;

  it('parses, triggers, subscribes and renders', () => {
    const config = parseNotificationConfig(data, { 'deploys-token': 't', 'slack-token': 'x' });
    expect(config.problems).toEqual([]);
    const rollout = { metadata: { name: 'shop' }, spec: { strategy: { canary: { steps: [{}, {}] } } }, status: { currentStepIndex: 1 } };
    const annotations = Object.fromEntries(
      [...section.matchAll(/#\s+(notifications\.argoproj\.io\/\S+): (\S+)/g)].map((m) => [m[1], m[2] === '""' ? '' : m[2]]),
    );
    const destinations = destinationsFor('on-rollout-step-completed', { annotations }, config);
    expect(destinations.map((d) => `${d.service}:${d.recipient}`)).toEqual(['deploys:', 'slack:releases', 'slack:oncall']);
    const triggered = runTrigger(config.triggers.get('on-rollout-step-completed') ?? [], { rollout });
    expect(triggered).toEqual({ templates: [['step-completed']], errors: [] });
    const n = renderNotification(triggered.templates[0], config, { rollout, recipient: '' });
    expect(n.message).toBe('Rollout shop step 2/2 done');
    expect(n.webhook.deploys).toEqual({ method: 'POST', path: '/rollouts/shop', body: '{"text": "step of shop completed"}' });
    expect(config.services.get('deploys')).toMatchObject({ headers: [{ name: 'Authorization', value: 'Bearer t' }] });
  });
});
