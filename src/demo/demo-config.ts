// `npm start`'s settings, from the environment (all optional):
//   DEMO_RELEASE_SECONDS        seconds between releases of each demo rollout (default 120)
//   DEMO_FIRST_RELEASE_SECONDS  seconds from start to the first release (default 15)
//   DEMO_DIR                    folder for the kubeconfig and the logs (default <repo>/.rollouts)
//   SIM_PORT                    rollouts-sim's port (default 0: a free one)
//   DEMO_SCORE_PORT             the demo metrics source's port (default 0: a free one)
//   DEMO_DASHBOARD_PORT         the dashboard's port (default 3100; 0: a free one)
//   DEMO_POD_READY_SECONDS      seconds a simulated pod takes to become Ready (default 2)
import { join } from 'node:path';

export interface DemoConfig {
  releaseMs: number;
  firstReleaseMs: number;
  dir: string;
  simPort: number;
  scorePort: number;
  dashboardPort: number;
  podReadySeconds: number;
}

type Env = Record<string, string | undefined>;

function numberFrom(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(text)}`);
  return n;
}

/** The demo's settings: `{ DEMO_RELEASE_SECONDS: "30" }` → releases every 30 000 ms, the rest defaulted. */
export function demoConfigFrom(env: Env, root: string): DemoConfig {
  const releaseSeconds = numberFrom(env, 'DEMO_RELEASE_SECONDS', 120);
  if (releaseSeconds < 1) throw new Error('DEMO_RELEASE_SECONDS must be at least 1');
  return {
    releaseMs: releaseSeconds * 1000,
    firstReleaseMs: numberFrom(env, 'DEMO_FIRST_RELEASE_SECONDS', 15) * 1000,
    dir: env.DEMO_DIR !== undefined && env.DEMO_DIR !== '' ? env.DEMO_DIR : join(root, '.rollouts'),
    simPort: numberFrom(env, 'SIM_PORT', 0),
    scorePort: numberFrom(env, 'DEMO_SCORE_PORT', 0),
    dashboardPort: numberFrom(env, 'DEMO_DASHBOARD_PORT', 3100),
    podReadySeconds: numberFrom(env, 'DEMO_POD_READY_SECONDS', 2),
  };
}
