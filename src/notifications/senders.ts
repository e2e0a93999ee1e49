// The two services: a generic webhook (method, url + path, body, headers, basic auth) and Slack's
// chat.postMessage (Bearer token, apiURL overridable so a test can point it at 127.0.0.1).
import type { SlackService, WebhookService } from './config.js';
import type { RenderedNotification } from './render.js';
import { retryableStatus, type AttemptOutcome } from './retry.js';

export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

const TIMEOUT_MS = 10_000;

/** One webhook request for `service` (the service's name is `name`); a template without a webhook part sends nothing. */
export async function sendWebhook(service: WebhookService, name: string, notification: RenderedNotification, fetchFn: FetchFunction): Promise<AttemptOutcome> {
  const part = notification.webhook[name];
  if (!part) return { ok: true };
  const headers: Record<string, string> = Object.fromEntries(service.headers.map((h) => [h.name, h.value]));
  if (service.basicAuth) headers.Authorization = `Basic ${Buffer.from(`${service.basicAuth.username}:${service.basicAuth.password}`).toString('base64')}`;
  const method = (part.method ?? 'GET').toUpperCase();
  const body = method === 'GET' || method === 'HEAD' ? undefined : (part.body ?? '');
  return request(fetchFn, joinUrl(service.url, part.path ?? ''), { method, headers, body });
}

/** chat.postMessage to `channel` with the message, attachments and blocks; Slack's `ok: false` is a failure. */
export async function sendSlack(service: SlackService, channel: string, notification: RenderedNotification, fetchFn: FetchFunction): Promise<AttemptOutcome> {
  const slack = notification.slack;
  const payload: Record<string, unknown> = { channel, text: notification.message };
  if (slack.attachments) payload.attachments = slack.attachments;
  if (slack.blocks) payload.blocks = slack.blocks;
  const username = slack.username ?? service.username;
  if (username) payload.username = username;
  const icon = slack.icon ?? service.icon;
  if (icon) payload[icon.startsWith(':') ? 'icon_emoji' : 'icon_url'] = icon;
  const headers = { Authorization: `Bearer ${service.token}`, 'Content-Type': 'application/json; charset=utf-8' };
  return request(fetchFn, `${service.apiURL}chat.postMessage`, { method: 'POST', headers, body: JSON.stringify(payload) }, slackAnswer);
}

// Slack answers 200 with { ok: false, error } when it refuses a message.
async function slackAnswer(response: Response): Promise<AttemptOutcome> {
  const answer = (await response.json().catch(() => ({}))) as { ok?: boolean; error?: string };
  if (answer.ok === false) return { ok: false, retryable: answer.error === 'ratelimited', error: `slack: ${answer.error ?? 'not ok'}`, status: response.status };
  return { ok: true, status: response.status };
}

async function request(fetchFn: FetchFunction, url: string, init: RequestInit, onOk?: (r: Response) => Promise<AttemptOutcome>): Promise<AttemptOutcome> {
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    return { ok: false, retryable: true, error: `request failed: ${networkReason(err)}` };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, retryable: retryableStatus(response.status), error: `HTTP ${response.status}`, status: response.status };
  }
  if (onOk) return onOk(response);
  await response.body?.cancel().catch(() => undefined);
  return { ok: true, status: response.status };
}

// "ECONNREFUSED", "TimeoutError": a code, never the URL (it may carry a token). Duck-typed: fetch's
// errors may come from another realm, where instanceof Error is false.
function networkReason(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; cause?: { code?: unknown } };
  if (typeof e.cause?.code === 'string') return e.cause.code;
  return typeof e.name === 'string' ? e.name : 'unknown error';
}

/** "https://h/api" + "/hooks/1" → "https://h/api/hooks/1" (one slash between). */
export function joinUrl(base: string, path: string): string {
  if (path === '') return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
