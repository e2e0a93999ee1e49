// The dashboard in the demo process, on the simulator's kubeconfig. A dashboard that cannot start
// (its port is taken, say) does not stop the demo: the caller prints why and carries on without it.
import type { KubeClient } from '../kube/kube-client-types.js';
import { startDashboard } from '../dashboard/server.js';

export interface DemoDashboard {
  url: string;
  close(): Promise<void>;
}

/** Starts the dashboard on 127.0.0.1:`port` (0 = a free port). */
export async function startDemoDashboard(client: KubeClient, port: number): Promise<DemoDashboard> {
  const dashboard = await startDashboard({ client, port, host: '127.0.0.1' });
  return { url: dashboard.url, close: () => dashboard.close() };
}
