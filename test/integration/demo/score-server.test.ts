import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_APPS } from '../../../src/demo/release-plan.js';
import { startScoreServer, type ScoreServer } from '../../../src/demo/score-server.js';

// The demo's metrics source answers what the demo's AnalysisTemplate reads at `$.score`.
describe('the demo score server', () => {
  let server: ScoreServer;

  beforeAll(async () => {
    server = await startScoreServer(DEMO_APPS);
  });

  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['ghcr.io/example/payments:1.1.0', 200, { version: 'ghcr.io/example/payments:1.1.0', score: 0.5 }],
    ['ghcr.io/example/payments:1.2.0', 200, { version: 'ghcr.io/example/payments:1.2.0', score: 0.99 }],
    ['nginx:1.25', 404, { error: 'unknown version "nginx:1.25"' }],
  ])('GET /score?version=%s → %i', async (version, status, body) => {
    const res = await fetch(`${server.url}/score?version=${encodeURIComponent(version)}`);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(body);
  });

  it('listens on 127.0.0.1 only and answers 404 elsewhere', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it('a closed server refuses connections', async () => {
    const other = await startScoreServer(DEMO_APPS);
    await other.close();
    await expect(fetch(`${other.url}/score?version=x`)).rejects.toThrow();
  });
});
