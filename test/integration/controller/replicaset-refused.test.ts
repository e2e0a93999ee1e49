import { describe, expect, it } from '@jest/globals';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { canaryRolloutYaml, RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// Given a Rollout the API server accepts but whose ReplicaSet it refuses (here: a 245-character name,
// so `<name>-<hash>` is past the 253 allowed), when the controller creates the ReplicaSet, then the
// refusal is on the Rollout as Argo writes it — Progressing False / ReplicaSetCreateError with the
// server's reason, and a Warning event — instead of a silent retry loop.
describe('a ReplicaSet the API server refuses', () => {
  const bed = useControllerBed();

  it('is reported as ReplicaSetCreateError on the Rollout, once, with the reason', async () => {
    const name = `r${'e'.repeat(243)}x`;
    expect((await bed.sim.kubectl(['apply', '-f', '-'], canaryRolloutYaml(name, 'long:1').replace(/name: (r\w+)-(stable|canary)/g, 'name: short-$2').replace(/Service: r\w+-(stable|canary)/g, 'Service: short-$1'))).code).toBe(0);
    const ro = new RolloutProbe(bed.sim, name);
    const status = await ro.until('the refusal reported', (s) => (s.conditions ?? []).some((c) => c.reason === 'ReplicaSetCreateError'), 20_000);
    const cond = (status.conditions ?? []).find((c) => c.reason === 'ReplicaSetCreateError');
    expect(cond).toMatchObject({ type: 'Progressing', status: 'False' });
    expect(cond?.message).toMatch(new RegExp(`^Failed to create new replica set "${name}-[a-z0-9]+": .*must be no more than 253 characters`));
    const events = await eventually(async () => {
      const out = JSON.parse((await bed.sim.kubectl(['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json'])).stdout) as { items: { type: string; reason: string; count?: number }[] };
      const refused = out.items.filter((e) => e.reason === 'ReplicaSetCreateError');
      return refused.length > 0 ? refused : undefined;
    }, 'the Warning event');
    expect(events[0].type).toBe('Warning');
    // Retried with backoff, but reported once: the same words are not written again.
    await new Promise((r) => setTimeout(r, 1500));
    const again = JSON.parse((await bed.sim.kubectl(['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json'])).stdout) as { items: { reason: string }[] };
    expect(again.items.filter((e) => e.reason === 'ReplicaSetCreateError')).toHaveLength(1);
    expect(bed.controller.logs()).not.toMatch(/uncaught|unhandled/i);
  }, 40_000);
});
