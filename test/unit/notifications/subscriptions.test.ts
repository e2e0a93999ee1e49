import { describe, expect, it } from '@jest/globals';
import { parseNotificationConfig } from '../../../src/notifications/config.js';
import { destinationsFor, parseRecipients, selectorMatches } from '../../../src/notifications/subscriptions.js';

const config = parseNotificationConfig({
  defaultTriggers: '[on-rollout-completed, on-rollout-aborted]',
  'defaultTriggers.pager': '[on-rollout-aborted]',
  subscriptions: '- recipients: [slack:all-shops]\n  triggers: [on-rollout-paused]\n  selector: app=shop\n- recipients: [hooks]\n',
});
const sub = (key: string): string => `notifications.argoproj.io/subscribe.${key}`;

describe('subscriptions', () => {
  it.each([
    ['a;b', ['a', 'b']],
    [' a ; b ;', ['a', 'b']],
    ['', ['']],
  ])('parseRecipients(%j)', (value, expected) => {
    expect(parseRecipients(value)).toEqual(expected);
  });

  it.each([
    ['', true],
    ['app=shop', true],
    ['app==shop,tier=web', true],
    ['app!=shop', false],
    ['tier', true],
    ['!tier', false],
    ['!legacy', true],
    ['app=cart', false],
  ])('selector %j on app=shop,tier=web → %s', (selector, expected) => {
    expect(selectorMatches(selector, { app: 'shop', tier: 'web' })).toBe(expected);
  });

  it.each([
    ['on-rollout-step-completed', { [sub('on-rollout-step-completed.slack')]: 'c1;c2' }, {}, ['slack:c1', 'slack:c2']],
    ['on-rollout-step-completed', { [sub('on-rollout-completed.slack')]: 'c1' }, {}, []],
    ['on-rollout-completed', { [sub('hooks')]: '' }, {}, ['hooks:']],
    ['on-rollout-completed', { [sub('pager')]: 'p' }, {}, ['hooks:']],
    ['on-rollout-aborted', { [sub('pager')]: 'p' }, {}, ['pager:p', 'hooks:']],
    ['on-rollout-paused', {}, { app: 'shop' }, ['slack:all-shops']],
    ['on-rollout-paused', {}, { app: 'cart' }, []],
    ['on-rollout-paused', { [sub('on-rollout-paused.slack')]: 'all-shops' }, { app: 'shop' }, ['slack:all-shops']],
    ['on-rollout-completed', { [sub('on-rollout-completed.hooks')]: '' }, {}, ['hooks:']],
  ])('%s with annotations %j and labels %j → %j', (trigger, annotations, labels, expected) => {
    const found = destinationsFor(trigger, { annotations, labels }, config).map((d) => `${d.service}:${d.recipient}`);
    expect(found).toEqual(expected);
  });
});
