// Who gets a trigger's notifications: the object's `notifications.argoproj.io/subscribe.<trigger>.<service>`
// annotations (a value of `;`-separated recipients), `subscribe.<service>` annotations (the default
// triggers), and the ConfigMap's `subscriptions` whose label selector matches the object.
// Example: `subscribe.on-rollout-completed.slack: ops;dev` → slack:ops and slack:dev on RolloutCompleted.
import type { ConfigSubscription, NotificationConfig } from './config.js';

/** A service (the name after `service.<type>.`) and a recipient: a Slack channel, "" for a webhook. */
export interface Destination {
  service: string;
  recipient: string;
}

export const SUBSCRIBE_PREFIX = 'notifications.argoproj.io/subscribe.';

type Labels = Readonly<Record<string, string>>;

/** The destinations subscribed to `trigger` on an object, each once. */
export function destinationsFor(trigger: string, object: { labels?: Labels; annotations?: Labels }, config: NotificationConfig): Destination[] {
  const found = [...annotationDestinations(trigger, object.annotations ?? {}, config), ...configDestinations(trigger, object.labels ?? {}, config)];
  const seen = new Set<string>();
  return found.filter((d) => {
    const key = `${d.service}\u0000${d.recipient}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function annotationDestinations(trigger: string, annotations: Labels, config: NotificationConfig): Destination[] {
  const out: Destination[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(SUBSCRIBE_PREFIX)) continue;
    const parts = key.slice(SUBSCRIBE_PREFIX.length).split('.');
    // subscribe.<service>: the service's default triggers, else the global ones.
    const [subscribed, service] = parts.length === 1 ? [defaultTriggers(parts[0], config), parts[0]] : [[parts[0]], parts.slice(1).join('.')];
    if (service && subscribed.includes(trigger)) out.push(...parseRecipients(value).map((recipient) => ({ service, recipient })));
  }
  return out;
}

function defaultTriggers(service: string, config: NotificationConfig): string[] {
  return config.serviceDefaultTriggers.get(service) ?? config.defaultTriggers;
}

/** "a; b;" → ["a", "b"]; "" → [""] (a webhook needs no recipient). */
export function parseRecipients(value: string): string[] {
  const recipients = value.split(/[;,]/).map((r) => r.trim()).filter((r) => r !== '');
  return recipients.length > 0 ? recipients : [''];
}

function configDestinations(trigger: string, labels: Labels, config: NotificationConfig): Destination[] {
  return config.subscriptions.filter((s) => subscribes(s, trigger, labels, config)).flatMap((s) => s.recipients);
}

function subscribes(s: ConfigSubscription, trigger: string, labels: Labels, config: NotificationConfig): boolean {
  const triggers = s.triggers.length > 0 ? s.triggers : config.defaultTriggers;
  return triggers.includes(trigger) && selectorMatches(s.selector, labels);
}

/** Equality-based label selectors: "app=shop,tier!=db,canary,!legacy"; "" matches everything. */
export function selectorMatches(selector: string, labels: Labels): boolean {
  return selector
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .every((requirement) => requirementMatches(requirement, labels));
}

function requirementMatches(requirement: string, labels: Labels): boolean {
  const m = /^(!?)([^=!]+?)\s*(?:(==|=|!=)\s*(.*))?$/.exec(requirement);
  if (!m) return false;
  const [, negate, key, op, value] = m;
  const actual = Object.hasOwn(labels, key) ? labels[key] : undefined;
  if (!op) return negate ? actual === undefined : actual !== undefined;
  return op === '!=' ? actual !== value.trim() : actual === value.trim();
}
