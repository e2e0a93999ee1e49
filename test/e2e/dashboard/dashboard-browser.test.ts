// The dashboard in real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
// against rollouts-sim and the controller: the list, a rollout page with steps, weights and an
// analysis chart, the promote and abort buttons, and a kubectl change showing up live.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createKubeClient } from '../../../src/kube/kube-client.js';
import { loadKubeConfig } from '../../../src/kube/kube-config.js';
import { startDashboard, type RunningDashboard } from '../../../src/dashboard/server.js';
import { startLocalServer, type LocalServer } from '../../helpers/analysis-runs.js';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { ROOT } from '../../helpers/sim-process.js';

const SHOTS = join(ROOT, 'test-output', 'dashboard');
// The health endpoint answers these scores in turn (then the last one), all above the 0.9 threshold.
const SCORES = [0.97, 0.93, 0.99, 0.95];
// How far the page is wider than the window (0 or less: no sideways scrolling), run in the page.
const OVERFLOW = 'document.documentElement.scrollWidth - window.innerWidth';

describe('the dashboard in Chromium', () => {
  const bed = useControllerBed();
  let web: LocalServer;
  let dash: RunningDashboard;
  let browser: Browser;
  let page: Page;
  let asked = 0;

  const steps = (url: string): string => `      - setWeight: 20
      - analysis:
          templates: [{templateName: web-health-score}]
          args:
            - {name: url, value: "${url}"}
            - {name: interval, value: 1s}
            - {name: count, value: "4"}
      - pause: {}
      - setWeight: 60
      - pause: {}`;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startLocalServer(() => ({ status: 200, body: { score: SCORES[Math.min(asked++, SCORES.length - 1)] } }));
    expect((await bed.sim.kubectl(['apply', '-f', 'analysis/templates/web-health-score.yaml'])).code).toBe(0);
    const client = createKubeClient(loadKubeConfig({ kubeconfig: bed.sim.kubeconfig }), { userAgent: 'dashboard-e2e' });
    dash = await startDashboard({ client, port: 0 });
    // Given a rollout whose release passed a 4-measurement web analysis and paused after it, and a second rollout.
    const checkout = new RolloutProbe(bed.sim, 'checkout');
    await checkout.deployFirst('shop:1', { steps: steps(`${web.url}/health`) });
    await new RolloutProbe(bed.sim, 'cart').deployFirst('cart:1');
    await checkout.apply('shop:2', { steps: steps(`${web.url}/health`) });
    await checkout.until('paused after its analysis', (s) => s.currentStepIndex === 2 && s.phase === 'Paused', 30_000);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await dash?.close();
    await web?.stop();
  });

  it('lists the rollouts', async () => {
    await page.goto(dash.url);
    const checkout = page.locator('tr[data-rollout="default/checkout"]');
    await checkout.waitFor();
    await expect(checkout.textContent()).resolves.toMatch(/checkout.*default.*Canary.*Paused.*2\/5.*shop:2/);
    await expect(page.locator('tr[data-rollout="default/cart"]').textContent()).resolves.toContain('Healthy');
    await page.screenshot({ path: join(SHOTS, 'list-1280.png'), fullPage: true });
  });

  it('shows a rollout: its steps, weights and the analysis chart against its threshold', async () => {
    await page.click('a[href="#/rollouts/default/checkout"]');
    const chart = page.locator('[data-metric="health-score"] svg');
    await chart.waitFor();
    const items = page.locator('.steps li');
    const states: (string | null)[] = [];
    for (let i = 0; i < (await items.count()); i++) states.push(await items.nth(i).getAttribute('data-state'));
    expect(states).toEqual(['done', 'done', 'current', 'pending', 'pending']);
    await expect(page.locator('.steps li[data-state="current"]').textContent()).resolves.toContain('pause');
    await expect(page.locator('[data-weight="canary"]').textContent()).resolves.toMatch(/Canary \d+%/);
    await expect(chart.locator('circle[data-point]').count()).resolves.toBe(4);
    await expect(chart.locator('line.threshold').count()).resolves.toBe(1);
    await expect(chart.getAttribute('aria-label')).resolves.toBe('health-score: 4 measurements, success when >= 0.9');
    await page.screenshot({ path: join(SHOTS, 'rollout-1280.png'), fullPage: true });
  });

  it('promote (with its confirmation) leaves the pause as `kubectl rollouts promote` would', async () => {
    await page.click('[data-action="promote"]');
    await page.locator('#confirm[open]').waitFor();
    await page.click('#confirm-ok');
    // As the plugin's promote: past the pause, to setWeight 60, then the next pause.
    await new RolloutProbe(bed.sim, 'checkout').until('at the second pause', (s) => s.currentStepIndex === 4 && s.phase === 'Paused', 20_000);
    await page.locator('.steps li:nth-child(5)[data-state="current"]').waitFor({ timeout: 5000 });
  });

  it('cancelling the confirmation does nothing; abort (confirmed) sends traffic back to stable', async () => {
    await page.focus('[data-action="abort"]');
    await page.keyboard.press('Enter');
    await page.locator('#confirm[open]').waitFor();
    await page.keyboard.press('Escape');
    await expect(new RolloutProbe(bed.sim, 'checkout').status()).resolves.not.toMatchObject({ abort: true });
    await page.click('[data-action="abort"]');
    await page.click('#confirm-ok');
    await new RolloutProbe(bed.sim, 'checkout').until('aborted', (s) => s.abort === true && s.phase === 'Degraded', 20_000);
    await page.locator('h1 .badge.Degraded').waitFor({ timeout: 5000 });
    const events = (await bed.sim.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=checkout,reason=DashboardAction', '-o', 'jsonpath={.items[*].message}'])).stdout;
    expect(events).toContain('promote from the dashboard');
    expect(events).toContain('abort from the dashboard');
  });

  it('a change made with kubectl appears on the open page within 2 seconds', async () => {
    const started = Date.now();
    expect((await bed.sim.kubectl(['patch', 'ro', 'checkout', '--type', 'merge', '-p', '{"spec":{"replicas":4}}'])).code).toBe(0);
    await page.locator('.header', { hasText: '/4 available' }).waitFor({ timeout: 5000 });
    const latency = Date.now() - started;
    process.stdout.write(`dashboard live update in Chromium after kubectl patch (incl. the kubectl run): ${latency} ms\n`);
    expect(latency).toBeLessThan(2000);
  });

  it('fits a 390px-wide screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, 'rollout-390.png'), fullPage: true });
    const overflow = await page.evaluate<number>(OVERFLOW);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.goto(`${dash.url}/#/`);
    await page.locator('tr[data-rollout="default/checkout"]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'list-390.png'), fullPage: true });
    expect(await page.evaluate<number>(OVERFLOW)).toBeLessThanOrEqual(0);
  });
});
