import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { parseNotificationConfig } from '../../../src/notifications/config.js';
import { renderNotification } from '../../../src/notifications/render.js';
import { runTrigger, triggerOfReason } from '../../../src/notifications/triggers.js';

// Argo's catalog (notifications-install.yaml) works unchanged: every trigger an event reason of ours
// maps to sends its template, whose message and Slack attachments render (the attachments as JSON).
const catalog = parseYaml(readFileSync(new URL('../../fixtures/notifications/argo-catalog.yaml', import.meta.url), 'utf8')) as { data: Record<string, string> };
const config = parseNotificationConfig(catalog.data);

const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'shop', namespace: 'default' },
  spec: {
    replicas: 6,
    strategy: { canary: { steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 100 }] } },
    template: { spec: { containers: [{ name: 'web', image: 'shop:2' }, { name: 'proxy', image: 'envoy:1' }] } },
  },
  status: { currentStepIndex: 1, updatedReplicas: 1 },
};

describe("Argo's notification catalog", () => {
  it('parses without problems', () => {
    expect(config.problems).toEqual([]);
    expect(config.triggers.size).toBe(9);
  });

  it.each([
    ['AnalysisRunError', "Rollout shop's analysis run is in error state."],
    ['AnalysisRunFailed', "Rollout shop's analysis run failed."],
    ['AnalysisRunRunning', "Rollout shop's analysis run is running."],
    ['RolloutAborted', 'Rollout shop has been aborted.'],
    ['RolloutCompleted', 'Rollout shop has been completed.'],
    ['RolloutPaused', 'Rollout shop has been paused.'],
    ['RolloutStepCompleted', 'Rollout shop step number 2/3 has been completed.'],
    ['RolloutUpdated', 'Rollout shop has been updated.'],
    ['ScalingReplicaSet', "Scaling Rollout shop's replicaset to 6."],
  ])('%s sends its template', (reason, message) => {
    const triggered = runTrigger(config.triggers.get(triggerOfReason(reason)) ?? [], { rollout });
    expect(triggered.errors).toEqual([]);
    expect(triggered.templates).toHaveLength(1);
    const n = renderNotification(triggered.templates[0], config, { rollout, recipient: 'ops' });
    expect(n.message.trim()).toBe(message);
    const attachments = JSON.parse(n.slack.attachments ?? '') as Array<{ title: string; fields: Array<{ title: string; value: string }> }>;
    expect(attachments[0].title).toBe('shop');
    expect(attachments[0].fields).toEqual(expect.arrayContaining([{ title: 'Strategy', value: 'Canary', short: true }, { title: 'web', value: 'shop:2', short: true }, { title: 'proxy', value: 'envoy:1', short: true }]));
  });
});
