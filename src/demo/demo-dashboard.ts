// INTEGRATION POINT (issue 6): the dashboard in the demo process. src/dashboard's startDashboard was not
// committed yet when the demo landed, so this stub reports it as unavailable and the demo runs without it;
// the real body is `startDashboard({ client, port, host: '127.0.0.1' })` from '../dashboard/server.js'.
import type { KubeClient } from '../kube/kube-client-types.js';

export interface DemoDashboard {
  url: string;
  close(): Promise<void>;
}

/** Starts the dashboard on 127.0.0.1:`port` (0 = a free port); rejects while the dashboard is not wired in. */
export function startDemoDashboard(_client: KubeClient, _port: number): Promise<DemoDashboard> {
  return Promise.reject(new Error('the dashboard is not part of this build yet'));
}
