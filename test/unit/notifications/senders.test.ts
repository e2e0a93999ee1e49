import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closedPort, startLocalServer, type LocalServer } from '../../helpers/analysis-runs.js';
import { DEFAULT_RETRY, type SlackService, type WebhookService } from '../../../src/notifications/config.js';
import type { RenderedNotification } from '../../../src/notifications/render.js';
import { joinUrl, sendSlack, sendWebhook } from '../../../src/notifications/senders.js';

// The senders against a real HTTP server on 127.0.0.1: what goes on the wire, and how answers map to outcomes.
describe('webhook and Slack senders', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer((req) => {
      if (req.path.startsWith('/status/')) return { status: Number(req.path.split('/')[2]), body: {} };
      if (req.path === '/api/chat.postMessage') return { status: 200, body: JSON.parse(req.body).channel === 'nope' ? { ok: false, error: 'channel_not_found' } : { ok: true } };
      return { status: 200, body: {} };
    });
  });
  afterAll(async () => {
    await server.stop();
  });
  const last = (): (typeof server.received)[number] => server.received[server.received.length - 1];
  const webhook = (url: string): WebhookService => ({ type: 'webhook', url, headers: [{ name: 'X-A', value: '1' }], basicAuth: { username: 'u', password: 'p' }, retry: DEFAULT_RETRY });
  const note = (webhookPart: RenderedNotification['webhook'][string]): RenderedNotification => ({ message: 'hello', webhook: { hooks: webhookPart }, slack: { attachments: '[{"title":"t"}]' } });

  it('POSTs the rendered body to url + path with the headers and basic auth', async () => {
    const outcome = await sendWebhook(webhook(`${server.url}/base/`), 'hooks', note({ method: 'post', path: '/x/shop', body: '{"a":1}' }), fetch);
    expect(outcome).toEqual({ ok: true, status: 200 });
    expect(last()).toMatchObject({ method: 'POST', path: '/base/x/shop', body: '{"a":1}' });
    expect(last().headers['x-a']).toBe('1');
    expect(last().headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('sends a GET without a body by default, and nothing when the template has no part for the service', async () => {
    await sendWebhook(webhook(server.url), 'hooks', note({ path: '/get' }), fetch);
    expect(last()).toMatchObject({ method: 'GET', path: '/get', body: '' });
    const count = server.received.length;
    expect(await sendWebhook(webhook(server.url), 'other', note({}), fetch)).toEqual({ ok: true });
    expect(server.received).toHaveLength(count);
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [404, false],
    [400, false],
  ])('HTTP %d is a failure, retryable: %s', async (status, retryable) => {
    expect(await sendWebhook(webhook(server.url), 'hooks', note({ method: 'POST', path: `/status/${status}` }), fetch)).toEqual({ ok: false, retryable, error: `HTTP ${status}`, status });
  });

  it('a closed port is a retryable failure naming the cause, not the URL', async () => {
    const port = await closedPort();
    const outcome = await sendWebhook(webhook(`http://127.0.0.1:${port}/secret-path`), 'hooks', note({ method: 'POST' }), fetch);
    expect(outcome).toEqual({ ok: false, retryable: true, error: 'request failed: ECONNREFUSED' });
  });

  const slack: SlackService = { type: 'slack', token: 'xoxb-9', apiURL: '', username: 'rollouts', retry: DEFAULT_RETRY };

  it('posts chat.postMessage with the Bearer token, channel, text and attachments', async () => {
    const outcome = await sendSlack({ ...slack, apiURL: `${server.url}/api/` }, 'ops', note({}), fetch);
    expect(outcome).toEqual({ ok: true, status: 200 });
    expect(last().headers.authorization).toBe('Bearer xoxb-9');
    expect(JSON.parse(last().body)).toEqual({ channel: 'ops', text: 'hello', attachments: '[{"title":"t"}]', username: 'rollouts' });
  });

  it("counts Slack's ok: false as a failure", async () => {
    expect(await sendSlack({ ...slack, apiURL: `${server.url}/api/` }, 'nope', note({}), fetch)).toEqual({ ok: false, retryable: false, error: 'slack: channel_not_found', status: 200 });
  });

  it.each([
    ['https://h/api', '/hooks/1', 'https://h/api/hooks/1'],
    ['https://h/api/', 'hooks/1', 'https://h/api/hooks/1'],
    ['https://h/api', '', 'https://h/api'],
  ])('joinUrl(%s, %s) → %s', (base, path, url) => {
    expect(joinUrl(base, path)).toBe(url);
  });
});
