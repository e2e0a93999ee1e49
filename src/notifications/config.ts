// The notification settings Argo Rollouts reads: the ConfigMap `argo-rollouts-notification-configmap`
// and the Secret `argo-rollouts-notification-secret` in the controller's namespace. Keys:
//   trigger.<name>           YAML list of { when, send: [template…], oncePer, description }
//   template.<name>          YAML { message, webhook: { <service>: { method, path, body } }, slack: { … } }
//   service.webhook.<name>   YAML { url, headers: [{ name, value }], basicAuth: { username, password }, retryMax, retryWaitMin, retryWaitMax }
//   service.slack[.<name>]   YAML { token, apiURL, username, icon }
//   defaultTriggers          YAML list of trigger names (subscriptions naming no trigger use them)
//   defaultTriggers.<service> the same for one service
//   subscriptions            YAML list of { recipients: ["<service>:<recipient>" | "<service>"], triggers, selector }
// `$key` in a service's values is replaced by the Secret's `key` ("token: $slack-token").
import { parse as parseYaml } from 'yaml';
import type { Destination } from './subscriptions.js';

export interface TriggerCondition {
  /** An expr-lang condition over `rollout`; empty or absent: always. */
  when?: string;
  send: string[];
  oncePer?: string;
}

export interface WebhookTemplate {
  method?: string;
  path?: string;
  body?: string;
}

export interface SlackTemplate {
  attachments?: string;
  blocks?: string;
  username?: string;
  icon?: string;
}

export interface NotificationTemplate {
  message?: string;
  webhook?: Record<string, WebhookTemplate>;
  slack?: SlackTemplate;
}

export interface WebhookService {
  type: 'webhook';
  url: string;
  headers: Array<{ name: string; value: string }>;
  basicAuth?: { username: string; password: string };
  retry: RetrySettings;
}

export interface SlackService {
  type: 'slack';
  token: string;
  apiURL: string;
  username?: string;
  icon?: string;
  retry: RetrySettings;
}

export type NotificationService = WebhookService | SlackService;

/** Attempts and waits: 3 attempts, waits 1 s then 2 s (doubling, capped at retryWaitMax). */
export interface RetrySettings {
  attempts: number;
  waitMinMs: number;
  waitMaxMs: number;
}

export interface ConfigSubscription {
  recipients: Destination[];
  triggers: string[];
  selector: string;
}

export interface NotificationConfig {
  triggers: Map<string, TriggerCondition[]>;
  templates: Map<string, NotificationTemplate>;
  services: Map<string, NotificationService>;
  defaultTriggers: string[];
  serviceDefaultTriggers: Map<string, string[]>;
  subscriptions: ConfigSubscription[];
  /** Keys that could not be used, with why (never a value: values may come from the Secret). */
  problems: string[];
}

export const SLACK_API_URL = 'https://slack.com/api/';
export const DEFAULT_RETRY: RetrySettings = { attempts: 3, waitMinMs: 1000, waitMaxMs: 5000 };

type Data = Readonly<Record<string, string>>;

/** Parses the ConfigMap's data with the Secret's (decoded) data; bad keys land in `problems`. */
export function parseNotificationConfig(configMap: Data, secret: Data = {}): NotificationConfig {
  const config: NotificationConfig = { triggers: new Map(), templates: new Map(), services: new Map(), defaultTriggers: [], serviceDefaultTriggers: new Map(), subscriptions: [], problems: [] };
  for (const [key, text] of Object.entries(configMap)) {
    try {
      applyKey(config, key, parseYaml(text) as unknown, secret);
    } catch (err) {
      config.problems.push(`${key}: ${err instanceof Error ? err.message.split('\n')[0] : 'invalid'}`);
    }
  }
  return config;
}

function applyKey(config: NotificationConfig, key: string, value: unknown, secret: Data): void {
  const [kind, ...rest] = key.split('.');
  const name = rest.join('.');
  if (name) applyNamedKey(config, { kind, type: rest[0], name }, value, secret);
  else if (key === 'defaultTriggers') config.defaultTriggers = stringList(value, key);
  else if (key === 'subscriptions') config.subscriptions = listOf(value, key).map(parseSubscription);
  else config.problems.push(`${key}: unknown key`);
}

// trigger.<name>, template.<name>, service.<type>[.<name>], defaultTriggers.<service>.
function applyNamedKey(config: NotificationConfig, key: { kind: string; type: string; name: string }, value: unknown, secret: Data): void {
  const { kind, type, name } = key;
  if (kind === 'trigger') config.triggers.set(name, parseTrigger(value));
  else if (kind === 'template') config.templates.set(name, parseTemplateSpec(value));
  else if (kind === 'service') config.services.set(serviceName(name), parseService(type, withSecrets(value, secret)));
  else if (kind === 'defaultTriggers') config.serviceDefaultTriggers.set(name, stringList(value, `${kind}.${name}`));
  else config.problems.push(`${kind}.${name}: unknown key`);
}

// "webhook.github" → "github"; "slack" → "slack"; "slack.team2" → "team2" (as notifications-engine names them).
function serviceName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(dot + 1);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// A YAML scalar as text (a number or bool too); maps, lists and null are not text.
const scalarText = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const optionalString = scalarText;
const text = (v: unknown): string => scalarText(v) ?? '';

function listOf(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} must be a list`);
  return value;
}

function stringList(value: unknown, what: string): string[] {
  if (value === null || value === undefined) return [];
  return listOf(value, what).map(text);
}

function parseTrigger(value: unknown): TriggerCondition[] {
  return listOf(value, 'a trigger').map((item) => {
    if (!isRecord(item)) throw new Error('a trigger condition must be a map');
    return { when: optionalString(item.when), send: stringList(item.send, 'send'), oncePer: optionalString(item.oncePer) };
  });
}

function parseTemplateSpec(value: unknown): NotificationTemplate {
  if (!isRecord(value)) throw new Error('a template must be a map');
  const spec: NotificationTemplate = { message: optionalString(value.message) };
  if (isRecord(value.webhook)) {
    spec.webhook = Object.fromEntries(Object.entries(value.webhook).filter(([, v]) => isRecord(v)).map(([svc, v]) => [svc, webhookTemplate(v as Record<string, unknown>)]));
  }
  if (isRecord(value.slack)) {
    const s = value.slack;
    spec.slack = { attachments: optionalString(s.attachments), blocks: optionalString(s.blocks), username: optionalString(s.username), icon: optionalString(s.icon) };
  }
  return spec;
}

const webhookTemplate = (v: Record<string, unknown>): WebhookTemplate => ({ method: optionalString(v.method), path: optionalString(v.path), body: optionalString(v.body) });

function parseService(type: string, value: unknown): NotificationService {
  if (!isRecord(value)) throw new Error('a service must be a map');
  if (type === 'webhook') return parseWebhook(value);
  if (type === 'slack') return parseSlack(value);
  throw new Error(`service type ${type} is not supported (webhook and slack are)`);
}

function parseWebhook(v: Record<string, unknown>): WebhookService {
  const url = optionalString(v.url);
  if (!url) throw new Error('url is required');
  const headers = v.headers === undefined ? [] : listOf(v.headers, 'headers').filter(isRecord).map((h) => ({ name: text(h.name), value: text(h.value) }));
  const auth = isRecord(v.basicAuth) ? { username: text(v.basicAuth.username), password: text(v.basicAuth.password) } : undefined;
  return { type: 'webhook', url, headers, basicAuth: auth, retry: retryOf(v) };
}

function parseSlack(v: Record<string, unknown>): SlackService {
  const token = optionalString(v.token);
  if (!token) throw new Error('token is required');
  const apiURL = optionalString(v.apiURL) ?? SLACK_API_URL;
  return { type: 'slack', token, apiURL: apiURL.endsWith('/') ? apiURL : `${apiURL}/`, username: optionalString(v.username), icon: optionalString(v.icon), retry: retryOf(v) };
}

// retryMax counts retries after the first attempt; waits are Go durations ("1s", "500ms").
function retryOf(v: Record<string, unknown>): RetrySettings {
  const retries = typeof v.retryMax === 'number' ? v.retryMax : DEFAULT_RETRY.attempts - 1;
  return { attempts: Math.max(1, retries + 1), waitMinMs: durationMs(v.retryWaitMin, DEFAULT_RETRY.waitMinMs), waitMaxMs: durationMs(v.retryWaitMax, DEFAULT_RETRY.waitMaxMs) };
}

function durationMs(value: unknown, fallback: number): number {
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value) : null;
  if (!m) return fallback;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'];
}

function parseSubscription(value: unknown): ConfigSubscription {
  if (!isRecord(value)) throw new Error('a subscription must be a map');
  const recipients = stringList(value.recipients, 'recipients').map(destinationOf);
  return { recipients, triggers: stringList(value.triggers, 'triggers'), selector: optionalString(value.selector) ?? '' };
}

/** "slack:my-channel" → { service: slack, recipient: my-channel }; "github" → { service: github, recipient: "" }. */
export function destinationOf(text: string): Destination {
  const colon = text.indexOf(':');
  return colon < 0 ? { service: text.trim(), recipient: '' } : { service: text.slice(0, colon).trim(), recipient: text.slice(colon + 1).trim() };
}

const SECRET_REF = /\$([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)/g;

// Replaces `$key` in every string of a service's settings with the Secret's value (unknown keys stay).
function withSecrets(value: unknown, secret: Data): unknown {
  if (typeof value === 'string') return value.replace(SECRET_REF, (ref, key: string) => (Object.hasOwn(secret, key) ? secret[key] : ref));
  if (Array.isArray(value)) return value.map((v) => withSecrets(v, secret));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSecrets(v, secret)]));
  return value;
}
