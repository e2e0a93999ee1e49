import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { kubectlRollouts, pluginPathDir, startControllerProcess, type RunningController } from '../../helpers/controller-process.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

// Short timings so that a takeover after a crash happens in seconds: a standby takes over a lease
// nobody renewed for 3 s; a leader gives up after 2 s without a renewal; attempts every 0.5 s.
const LEASE_SECONDS = 3;
const ELECTION = ['--leader-elect', '--leader-election-lease-duration', `${LEASE_SECONDS}s`, '--leader-election-renew-deadline', '2s', '--leader-election-retry-period', '0.5s'];
const LEASE_PATH = '/apis/coordination.k8s.io/v1/namespaces/argo-rollouts/leases/argo-rollouts-controller-lock';

interface Replica {
  name: string;
  process: RunningController;
}

interface LogLine {
  msg?: string;
  time?: string;
  identity?: string;
  rollout?: string;
}

function lines(replica: Replica): LogLine[] {
  return replica.process
    .logs()
    .split('\n')
    .filter((l) => l.startsWith('{') && l.endsWith('}'))
    .map((l) => JSON.parse(l) as LogLine);
}

function identityOf(replica: Replica): string | undefined {
  return lines(replica).find((l) => l.msg === 'attempting to acquire leader lease')?.identity;
}

/** When (by its own log) the replica became leader, in epoch ms; undefined while it has not. */
function becameLeaderAt(replica: Replica): number | undefined {
  const line = lines(replica).find((l) => l.msg === 'became leader');
  return line?.time ? Date.parse(line.time) : undefined;
}

function reconciled(replica: Replica, rollout: string): boolean {
  return lines(replica).some((l) => l.rollout === rollout && (l.msg === 'reconciled' || l.msg === 'nothing to do'));
}

async function leaseSpec(sim: RunningSim): Promise<{ holderIdentity?: string; leaseDurationSeconds?: number; leaseTransitions?: number }> {
  return ((await sim.request('GET', LEASE_PATH)).json as { spec?: Record<string, never> }).spec ?? {};
}

function start(sim: RunningSim, name: string): Replica {
  return { name, process: startControllerProcess(sim, ELECTION) };
}

// Given two controller replicas with --leader-elect, exactly one reconciles; when it is SIGKILLed
// mid-canary the other takes over within the lease duration and finishes the rollout; when a leader
// is SIGTERMed it hands the lease over, and the standby takes over without waiting the lease out.
describe('leader election between two controller replicas', () => {
  let sim: RunningSim;
  const replicas: Replica[] = [];
  let current: Replica | undefined;

  beforeAll(async () => {
    sim = await startSimProcess({ podReadySeconds: 0.3 });
    expect((await sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
    expect((await sim.kubectl(['create', 'namespace', 'argo-rollouts'])).code).toBe(0);
  }, 30_000);

  afterAll(async () => {
    if (process.env.DEBUG_LEADER_TEST) for (const r of replicas) process.stdout.write(`--- ${r.name}\n${r.process.logs()}\n`);
    await Promise.all(replicas.map((r) => r.process.kill('SIGKILL')));
    await sim.stop();
  });

  it('one leader reconciles; after a SIGKILL the standby takes over and the rollout ends as it would have', async () => {
    replicas.push(start(sim, 'a'), start(sim, 'b'));
    const leader = await eventually(() => {
      const leading = replicas.filter((r) => becameLeaderAt(r) !== undefined);
      return leading.length > 0 ? leading : undefined;
    }, 'a leader');
    expect(leader).toHaveLength(1);
    const [first] = leader;
    const standby = replicas.find((r) => r !== first)!;
    expect((await leaseSpec(sim)).holderIdentity).toBe(identityOf(first));

    const ro = new RolloutProbe(sim, 'elected');
    await ro.deployFirst('elected:1');
    await ro.apply('elected:2');
    const paused = await ro.until('the 5 s pause', (s) => s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0);
    expect(reconciled(first, 'default/elected')).toBe(true);
    expect(reconciled(standby, 'default/elected')).toBe(false);
    expect(becameLeaderAt(standby)).toBeUndefined();

    const killedAt = Date.now();
    expect(await first.process.kill('SIGKILL')).toBeNull();
    const tookOverAt = await eventually(() => becameLeaderAt(standby), 'the standby to take over', 15_000);
    const takeoverMs = tookOverAt - killedAt;
    process.stdout.write(`leader-election: takeover after SIGKILL of the leader: ${takeoverMs} ms (lease ${LEASE_SECONDS} s, retry 0.5 s)\n`);
    // It waits the lease out from its first sight of the last renewal (up to one look, 0.5–1.1 s, after it),
    // then takes over on its next look: at most 3 s + 2 × 1.1 s after the last renewal.
    expect(takeoverMs).toBeLessThan(LEASE_SECONDS * 1000 + 2 * 1100 + 500);
    expect((await leaseSpec(sim)).holderIdentity).toBe(identityOf(standby));
    current = standby;

    const next = await ro.until('the indefinite pause after the resumed timed one', (s) => s.currentStepIndex === 3 && (s.pauseConditions?.length ?? 0) > 0, 20_000);
    expect(next.currentPodHash).toBe(paused.currentPodHash);
    expect(await ro.replicasByImage()).toEqual({ 'elected:1': 3, 'elected:2': 3 });
    expect((await kubectlRollouts(sim, pluginPathDir(), ['promote', 'elected'])).code).toBe(0);
    await ro.until('healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);
    expect(await ro.replicasByImage()).toEqual({ 'elected:1': 0, 'elected:2': 6 });
  }, 90_000);

  it('a SIGTERMed leader drains, releases the lease, and the standby takes over at once', async () => {
    const leader = current!;
    const standby = start(sim, 'c');
    replicas.push(standby);
    await eventually(() => identityOf(standby), 'the new replica to look for the lease');
    // Let it see the current holder first, as a standby normally has.
    await eventually(() => lines(standby).some((l) => l.msg === 'new leader elected') || undefined, 'the standby to see the leader');

    const termAt = Date.now();
    expect(await leader.process.kill('SIGTERM')).toBe(0);
    const leaderLog = lines(leader).map((l) => l.msg);
    expect(leaderLog).toContain('released leader lease');
    expect(leaderLog.indexOf('stopping: finishing in-flight reconciles')).toBeLessThan(leaderLog.indexOf('released leader lease'));
    const tookOverAt = await eventually(() => becameLeaderAt(standby), 'the standby to take over', 10_000);
    const takeoverMs = tookOverAt - termAt;
    process.stdout.write(`leader-election: takeover after SIGTERM of the leader: ${takeoverMs} ms (lease ${LEASE_SECONDS} s)\n`);
    expect(takeoverMs).toBeLessThan(LEASE_SECONDS * 1000);
    const lease = await leaseSpec(sim);
    expect(lease.holderIdentity).toBe(identityOf(standby));
    expect(lease.leaseDurationSeconds).toBe(LEASE_SECONDS);
    expect(lease.leaseTransitions).toBe(2);
    await eventually(() => reconciled(standby, 'default/elected') || undefined, 'the new leader to reconcile');
    current = standby;
  }, 30_000);

  it('a leader that cannot renew within the renew deadline stops leading and exits', async () => {
    const leader = current!;
    const brokeAt = Date.now();
    expect((await sim.request('PUT', '/_sim/faults', { errorRate: 1, errorCode: 503, resources: ['leases'] })).status).toBe(200);
    // SIGCONT leaves a running process alone: kill() here only waits for the exit.
    const code = await Promise.race([leader.process.kill('SIGCONT'), new Promise<string>((r) => setTimeout(() => r('still running'), 10_000))]);
    const exitMs = Date.now() - brokeAt;
    await sim.request('DELETE', '/_sim/faults');
    process.stdout.write(`leader-election: leader exited ${exitMs} ms after the Lease became unwritable (renew deadline 2 s)\n`);
    expect(code).toBe(1);
    expect(lines(leader).map((l) => l.msg)).toContain('failed to renew leader lease within the renew deadline: stopped leading');
    // Its last renewal was at most 0.5 s before the break; it gives up 2 s after it, at its next attempt.
    expect(exitMs).toBeLessThan(2000 + 500 + 1000);
  }, 20_000);
});
