import { describe, expect, it } from '@jest/globals';
import { demoConfigFrom } from '../../../src/demo/demo-config.js';

describe('demoConfigFrom', () => {
  it('defaults: a release every 120 s, the first after 15 s, free ports but the dashboard on 3100, files in .rollouts', () => {
    expect(demoConfigFrom({}, '/repo')).toEqual({
      releaseMs: 120_000,
      firstReleaseMs: 15_000,
      dir: '/repo/.rollouts',
      simPort: 0,
      scorePort: 0,
      dashboardPort: 3100,
      podReadySeconds: 2,
    });
  });

  it.each([
    [{ DEMO_RELEASE_SECONDS: '30' }, { releaseMs: 30_000 }],
    [{ DEMO_FIRST_RELEASE_SECONDS: '2' }, { firstReleaseMs: 2000 }],
    [{ DEMO_FIRST_RELEASE_SECONDS: '0.5' }, { firstReleaseMs: 500 }],
    [{ DEMO_DIR: '/tmp/d' }, { dir: '/tmp/d' }],
    [{ DEMO_DIR: '' }, { dir: '/repo/.rollouts' }],
    [{ SIM_PORT: '6443', DEMO_SCORE_PORT: '9000', DEMO_DASHBOARD_PORT: '0' }, { simPort: 6443, scorePort: 9000, dashboardPort: 0 }],
    [{ DEMO_POD_READY_SECONDS: '0.5' }, { podReadySeconds: 0.5 }],
  ])('%j → %j', (env, expected) => {
    expect(demoConfigFrom(env, '/repo')).toMatchObject(expected);
  });

  it.each([
    [{ DEMO_RELEASE_SECONDS: 'soon' }, 'DEMO_RELEASE_SECONDS must be a non-negative number, got "soon"'],
    [{ DEMO_RELEASE_SECONDS: '0' }, 'DEMO_RELEASE_SECONDS must be at least 1'],
    [{ SIM_PORT: '-1' }, 'SIM_PORT must be a non-negative number, got "-1"'],
  ])('%j is refused: %s', (env, message) => {
    expect(() => demoConfigFrom(env, '/repo')).toThrow(message);
  });
});
