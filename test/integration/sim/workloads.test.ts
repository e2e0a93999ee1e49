import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

interface Item {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string }[] };
  spec?: { replicas?: number; template?: { spec?: { containers?: { image: string }[] } } };
  status?: Record<string, unknown> & { phase?: string; conditions?: { type: string; status: string; reason?: string }[]; containerStatuses?: { ready: boolean; state: Record<string, { reason?: string }> }[] };
  subsets?: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] }[];
}

const NS = '/api/v1/namespaces/default';
const APPS = '/apis/apps/v1/namespaces/default';
const BATCH = '/apis/batch/v1/namespaces/default';

function podTemplate(app: string, annotations: Record<string, string> = {}, image = 'nginx:1.27'): Record<string, unknown> {
  return { metadata: { labels: { app }, annotations }, spec: { containers: [{ name: 'app', image }] } };
}

// Given rollouts-sim, when workloads are created, then the simulated cluster runs them as a real one would.
describe('rollouts-sim workload simulation', () => {
  let sim: RunningSim;
  const list = async (path: string): Promise<Item[]> => ((await sim.request('GET', path)).json as { items: Item[] }).items;
  const get = async (path: string): Promise<Item> => (await sim.request('GET', path)).json as Item;

  beforeAll(async () => {
    sim = await startSimProcess({ podReadySeconds: 0.3, jobSeconds: 0.3 });
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('a ReplicaSet gets labelled pods that turn Ready after --pod-ready-seconds, and replaces a deleted pod', async () => {
    await sim.request('POST', `${APPS}/replicasets`, { metadata: { name: 'rs' }, spec: { replicas: 2, selector: { matchLabels: { app: 'rs' } }, template: podTemplate('rs') } });
    const pods = await eventually(async () => {
      const p = await list(`${NS}/pods?labelSelector=app%3Drs`);
      return p.length === 2 && p.every((x) => x.status?.phase === 'Running') ? p : undefined;
    }, 'two running pods');
    expect(pods[0].metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'rs' });
    const rs = await eventually(async () => {
      const r = await get(`${APPS}/replicasets/rs`);
      return r.status?.readyReplicas === 2 ? r : undefined;
    }, 'rs ready');
    expect(rs.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
    await sim.request('DELETE', `${NS}/pods/${pods[0].metadata.name}`);
    const replaced = await eventually(async () => {
      const p = await list(`${NS}/pods?labelSelector=app%3Drs`);
      return p.length === 2 && !p.some((x) => x.metadata.name === pods[0].metadata.name) ? p : undefined;
    }, 'a replacement pod');
    expect(replaced).toHaveLength(2);
  });

  it('pods annotated to fail readiness never become Ready; crashing pods sit in CrashLoopBackOff', async () => {
    await sim.request('POST', `${APPS}/replicasets`, { metadata: { name: 'unready' }, spec: { replicas: 1, selector: { matchLabels: { app: 'unready' } }, template: podTemplate('unready', { 'rollouts-sim.dev/ready': 'false' }) } });
    await sim.request('POST', `${APPS}/replicasets`, { metadata: { name: 'crashing' }, spec: { replicas: 1, selector: { matchLabels: { app: 'crashing' } }, template: podTemplate('crashing', { 'rollouts-sim.dev/crash': 'true' }) } });
    const unready = await eventually(async () => (await list(`${NS}/pods?labelSelector=app%3Dunready`)).find((p) => p.status?.phase === 'Running'), 'unready pod running');
    expect(unready.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    const crashing = await eventually(async () => (await list(`${NS}/pods?labelSelector=app%3Dcrashing`)).find((p) => p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff'), 'crash loop');
    expect(crashing.status?.containerStatuses?.[0].ready).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    expect((await get(`${APPS}/replicasets/unready`)).status?.readyReplicas).toBe(0);
  });

  it('a Deployment owns one ReplicaSet per template and moves replicas to the new one on update', async () => {
    const deployment = { metadata: { name: 'web' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: podTemplate('web', {}, 'nginx:1') } };
    await sim.request('POST', `${APPS}/deployments`, deployment);
    await eventually(async () => ((await get(`${APPS}/deployments/web`)).status?.availableReplicas === 3 ? true : undefined), 'deployment available');
    await sim.request('PATCH', `${APPS}/deployments/web`, { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:2' }] } } } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    const sets = await eventually(async () => {
      const rs = (await list(`${APPS}/replicasets`)).filter((r) => r.metadata.ownerReferences?.[0]?.name === 'web');
      const byImage = (image: string): Item | undefined => rs.find((r) => r.spec?.template?.spec?.containers?.[0].image === image);
      return rs.length === 2 && byImage('nginx:2')?.status?.readyReplicas === 3 && byImage('nginx:1')?.spec?.replicas === 0 ? rs : undefined;
    }, 'rollout to nginx:2');
    for (const rs of sets) expect(rs.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(sets.map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['1', '2']);
    const d = await eventually(async () => {
      const x = await get(`${APPS}/deployments/web`);
      return x.status?.updatedReplicas === 3 && x.status.replicas === 3 ? x : undefined;
    }, 'deployment complete');
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('a Job runs a pod to completion; one told to fail is Failed after backoffLimit', async () => {
    const job = (name: string, annotations: Record<string, string>, backoffLimit: number): Record<string, unknown> => ({ metadata: { name }, spec: { backoffLimit, template: { metadata: { annotations }, spec: { restartPolicy: 'Never', containers: [{ name: 'smoke', image: 'busybox' }] } } } });
    await sim.request('POST', `${BATCH}/jobs`, job('ok', {}, 0));
    await sim.request('POST', `${BATCH}/jobs`, job('bad', { 'rollouts-sim.dev/job-result': 'Failed' }, 1));
    const ok = await eventually(async () => {
      const j = await get(`${BATCH}/jobs/ok`);
      return j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ? j : undefined;
    }, 'job complete');
    expect(ok.status).toMatchObject({ succeeded: 1, failed: 0 });
    const bad = await eventually(async () => {
      const j = await get(`${BATCH}/jobs/bad`);
      return j.status?.conditions?.some((c) => c.type === 'Failed') ? j : undefined;
    }, 'job failed');
    expect(bad.status).toMatchObject({ failed: 2, succeeded: 0 });
    expect(bad.status?.conditions?.find((c) => c.type === 'Failed')?.reason).toBe('BackoffLimitExceeded');
  });

  it('keeps Endpoints of a Service in step with the ready pods it selects', async () => {
    await sim.request('POST', `${NS}/services`, { metadata: { name: 'rs-svc' }, spec: { selector: { app: 'rs' }, ports: [{ port: 80, targetPort: 8080 }] } });
    await sim.request('POST', `${NS}/services`, { metadata: { name: 'unready-svc' }, spec: { selector: { app: 'unready' }, ports: [{ port: 80 }] } });
    const ep = await eventually(async () => {
      const e = await get(`${NS}/endpoints/rs-svc`);
      return e.subsets?.[0]?.addresses?.length === 2 ? e : undefined;
    }, 'two ready addresses');
    expect(ep.subsets?.[0].addresses?.every((a) => a.ip.startsWith('10.244.'))).toBe(true);
    const unready = await eventually(async () => {
      const e = await get(`${NS}/endpoints/unready-svc`);
      return e.subsets?.[0]?.notReadyAddresses?.length === 1 ? e : undefined;
    }, 'one not-ready address');
    expect(unready.subsets?.[0].addresses).toBeUndefined();
  });
});
