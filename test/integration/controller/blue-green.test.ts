import { describe, expect, it } from '@jest/globals';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { jobTemplateYaml, RolloutProbe, servicesYaml, type RolloutStatusView } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// Given blue-green Rollouts under the controller on rollouts-sim (pods ready after 1 s, analysis
// Jobs that succeed, or fail when their pod template says so), when a new image is applied, then the
// new version is previewed, gated by its analysis and pause, switched to only once all its pods are
// available, and the old version is kept for scaleDownDelaySeconds, even across a controller restart.

interface BlueGreenView extends RolloutStatusView {
  blueGreen?: { activeSelector?: string; previewSelector?: string; scaleUpPreviewCheckPoint?: boolean; prePromotionAnalysisRunStatus?: { name: string; status: string }; postPromotionAnalysisRunStatus?: { name: string; status: string } };
}

/** A blue-green Rollout of 3 replicas with services `<name>-active` and `<name>-preview`. */
function blueGreenYaml(name: string, image: string, strategy: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: ${name}}
spec:
  replicas: 3
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: app, image: "${image}"}]}
  strategy:
    blueGreen:
      activeService: ${name}-active
      previewService: ${name}-preview
${strategy.replace(/^/gm, '      ')}
${servicesYaml(name, ['active', 'preview'])}`;
}

class BlueGreenProbe extends RolloutProbe {
  constructor(
    sim: RolloutProbe['sim'],
    name: string,
    readonly strategy: string,
  ) {
    super(sim, name);
  }

  async deploy(image: string): Promise<void> {
    const result = await this.sim.kubectl(['apply', '-f', '-'], blueGreenYaml(this.name, image, this.strategy));
    if (result.code !== 0) throw new Error(`kubectl apply failed: ${result.stderr}`);
  }

  /** Deploys the first image and waits until it is healthy, both services on it. */
  async deployHealthy(image: string): Promise<BlueGreenView> {
    await this.deploy(image);
    return this.bgUntil('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.blueGreen?.activeSelector === s.currentPodHash);
  }

  bgUntil(what: string, check: (s: BlueGreenView) => boolean, timeoutMs = 15_000): Promise<BlueGreenView> {
    return this.until(what, (s) => check(s), timeoutMs);
  }

  /** The ReplicaSet of an image: its replicas, available pods and scale-down deadline. */
  async replicaSetOf(image: string): Promise<{ replicas: number; available: number; deadline?: string; hash: string }> {
    const rs = (await this.replicaSets()).find((r) => r.spec.template.spec.containers[0].image === image);
    if (!rs) throw new Error(`no ReplicaSet runs ${image}`);
    return { replicas: rs.spec.replicas, available: rs.status.availableReplicas ?? 0, deadline: rs.metadata.annotations['scale-down-deadline'], hash: rs.metadata.labels['rollouts-pod-template-hash'] };
  }
}

const paused = (s: BlueGreenView): boolean => s.pauseConditions?.some((c) => c.reason === 'BlueGreenPause') === true;

describe('blue-green rollouts', () => {
  const bed = useControllerBed({ podReadySeconds: 1 });

  it('previews at previewReplicaCount, waits for a promote, switches only to available pods and scales the old side down after the delay', async () => {
    const ro = new BlueGreenProbe(bed.sim, 'bg-manual', 'previewReplicaCount: 1\nautoPromotionEnabled: false\nscaleDownDelaySeconds: 3');
    const blue = await ro.deployHealthy('bg:1');
    await ro.deploy('bg:2');
    const previewing = await ro.bgUntil('paused with the preview up', paused);
    expect(previewing.phase).toBe('Paused');
    expect(await ro.replicasByImage()).toEqual({ 'bg:1': 3, 'bg:2': 1 });
    expect(await ro.selector('bg-manual-preview')).toBe(previewing.currentPodHash);
    expect(await ro.selector('bg-manual-active')).toBe(blue.stableRS);

    // Paused indefinitely: nothing moves until the promote.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await ro.selector('bg-manual-active')).toBe(blue.stableRS);
    expect((await bed.rollouts(['promote', 'bg-manual'])).code).toBe(0);

    // The preview grows to 3 pods, and active switches once all 3 are available, not before.
    const seen: { active: string; available: number }[] = [];
    const switchedAt = await eventually(async () => {
      // The service first: a ReplicaSet read after it can only be as available or more.
      const active = await ro.selector('bg-manual-active');
      const green = await ro.replicaSetOf('bg:2');
      seen.push({ active, available: green.available });
      return active === green.hash ? Date.now() : undefined;
    }, 'the active switch', 15_000);
    expect(seen.filter((s) => s.active === previewing.currentPodHash).every((s) => s.available === 3)).toBe(true);
    expect(seen.some((s) => s.active === blue.stableRS && s.available < 3)).toBe(true);
    const done = await ro.bgUntil('green stable and healthy', (s) => s.phase === 'Healthy' && s.stableRS === previewing.currentPodHash);
    expect(done.blueGreen).toMatchObject({ activeSelector: previewing.currentPodHash, previewSelector: previewing.currentPodHash });

    // Blue is kept for scaleDownDelaySeconds (3 s) with its deadline on the ReplicaSet, then scaled to
    // 0. The deadline is RFC 3339 at second precision, as Argo writes it: 2 to 3 s after the switch.
    const kept = await ro.replicaSetOf('bg:1');
    expect(kept.replicas).toBe(3);
    expect(kept.deadline).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const goneAt = await eventually(async () => ((await ro.replicaSetOf('bg:1')).replicas === 0 ? Date.now() : undefined), 'blue scaled down', 10_000);
    expect(goneAt - switchedAt).toBeGreaterThanOrEqual(1800);
    expect(goneAt).toBeGreaterThanOrEqual(Date.parse(kept.deadline ?? '') - 50);
  }, 60_000);

  it('promotes on its own after autoPromotionSeconds', async () => {
    const ro = new BlueGreenProbe(bed.sim, 'bg-auto', 'autoPromotionSeconds: 3\nscaleDownDelaySeconds: 1');
    const blue = await ro.deployHealthy('auto:1');
    await ro.deploy('auto:2');
    const pause = await ro.bgUntil('paused', paused);
    const pausedSince = Date.parse(pause.pauseConditions?.[0]?.startTime ?? '');
    expect(await ro.selector('bg-auto-active')).toBe(blue.stableRS);
    const switchedAt = await eventually(async () => ((await ro.selector('bg-auto-active')) === pause.currentPodHash ? Date.now() : undefined), 'the automatic switch', 15_000);
    // The pause start is recorded at second precision; the switch comes 3 s after it, on a requeue.
    expect(switchedAt - pausedSince).toBeGreaterThanOrEqual(3000);
    expect(switchedAt - pausedSince).toBeLessThan(5500);
    await ro.bgUntil('healthy on the new revision', (s) => s.phase === 'Healthy' && s.stableRS === pause.currentPodHash && (s.pauseConditions ?? []).length === 0);
  }, 60_000);

  it('a failing pre-promotion analysis aborts before the switch; a passing one lets it happen', async () => {
    expect((await bed.sim.kubectl(['apply', '-f', '-'], jobTemplateYaml('smoke-pass', 'Succeeded') + '---\n' + jobTemplateYaml('smoke-fail', 'Failed'))).code).toBe(0);
    const bad = new BlueGreenProbe(bed.sim, 'bg-pre-bad', 'abortScaleDownDelaySeconds: 1\nprePromotionAnalysis: {templates: [{templateName: smoke-fail}]}');
    const good = new BlueGreenProbe(bed.sim, 'bg-pre-good', 'prePromotionAnalysis: {templates: [{templateName: smoke-pass}]}');
    const [badBlue, goodBlue] = await Promise.all([bad.deployHealthy('pre:1'), good.deployHealthy('pre:1')]);
    await Promise.all([bad.deploy('pre:2'), good.deploy('pre:2')]);

    const aborted = await bad.bgUntil('aborted by the analysis', (s) => s.abort === true && s.phase === 'Degraded', 20_000);
    expect(aborted.message).toMatch(/^RolloutAborted: Rollout aborted update to revision 2: Blue\/green pre-promotion analysis phase error\/failed/);
    expect(aborted.blueGreen?.prePromotionAnalysisRunStatus).toMatchObject({ name: `bg-pre-bad-${aborted.currentPodHash}-2-pre`, status: 'Failed' });
    expect(await bad.selector('bg-pre-bad-active')).toBe(badBlue.stableRS);
    expect(aborted.stableRS).toBe(badBlue.stableRS);
    await eventually(async () => ((await bad.replicaSetOf('pre:2')).replicas === 0 ? true : undefined), 'the aborted preview scaled down after 1 s');

    const promoted = await good.bgUntil('promoted after the analysis', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.stableRS !== goodBlue.stableRS, 20_000);
    expect(promoted.blueGreen?.prePromotionAnalysisRunStatus).toMatchObject({ name: `bg-pre-good-${promoted.currentPodHash}-2-pre`, status: 'Successful' });
    expect(await good.selector('bg-pre-good-active')).toBe(promoted.currentPodHash);
  }, 60_000);

  it('a failing post-promotion analysis switches active back to the previous ReplicaSet, which stayed up', async () => {
    const ro = new BlueGreenProbe(bed.sim, 'bg-post', 'postPromotionAnalysis: {templates: [{templateName: smoke-fail}]}\nabortScaleDownDelaySeconds: 1');
    const blue = await ro.deployHealthy('post:1');
    await ro.deploy('post:2');
    const switched = await ro.bgUntil('switched, verifying', (s) => s.blueGreen?.activeSelector === s.currentPodHash && s.currentPodHash !== blue.stableRS);
    expect(switched.stableRS).toBe(blue.stableRS);
    const aborted = await ro.bgUntil('aborted by the post-promotion analysis', (s) => s.abort === true && s.blueGreen?.activeSelector === blue.stableRS, 20_000);
    expect(aborted.message).toMatch(/^RolloutAborted: Rollout aborted update to revision 2: Blue\/green post-promotion analysis phase error\/failed/);
    expect(await ro.selector('bg-post-active')).toBe(blue.stableRS);
    expect((await ro.replicaSetOf('post:1')).available).toBe(3);
    await eventually(async () => ((await ro.replicaSetOf('post:2')).replicas === 0 ? true : undefined), 'the failed version scaled down');
  }, 60_000);

  it('a controller killed during the scale-down delay is replaced by one that honours the deadline', async () => {
    const ro = new BlueGreenProbe(bed.sim, 'bg-restart', 'scaleDownDelaySeconds: 4');
    await ro.deployHealthy('rs:1');
    await ro.deploy('rs:2');
    await ro.bgUntil('green promoted', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.blueGreen?.activeSelector === s.currentPodHash);
    const kept = await eventually(async () => {
      const rs = await ro.replicaSetOf('rs:1');
      return rs.deadline ? rs : undefined;
    }, 'the deadline on blue');
    expect(await bed.controller.kill('SIGKILL')).toBeNull();
    // No controller past the deadline: blue stays up.
    const deadline = Date.parse(kept.deadline ?? '');
    await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now()) + 500));
    expect((await ro.replicaSetOf('rs:1')).replicas).toBe(3);
    bed.restartController();
    await eventually(async () => ((await ro.replicaSetOf('rs:1')).replicas === 0 ? true : undefined), 'blue scaled down by the new controller', 10_000);
    expect((await ro.replicaSetOf('rs:2')).replicas).toBe(3);
  }, 60_000);

  it('abort through the plugin keeps active on stable and degrades the rollout; retry pauses again', async () => {
    const ro = new BlueGreenProbe(bed.sim, 'bg-abort', 'autoPromotionEnabled: false\nabortScaleDownDelaySeconds: 1');
    const blue = await ro.deployHealthy('ab:1');
    await ro.deploy('ab:2');
    const waiting = await ro.bgUntil('paused', paused);
    const abort = await bed.rollouts(['abort', 'bg-abort']);
    expect(abort.stdout).toContain("rollout 'bg-abort' aborted");
    const degraded = await ro.bgUntil('aborted', (s) => s.abort === true && s.phase === 'Degraded');
    expect(degraded.message).toBe('RolloutAborted: Rollout aborted update to revision 2');
    expect(await ro.selector('bg-abort-active')).toBe(blue.stableRS);
    await eventually(async () => ((await ro.replicaSetOf('ab:2')).replicas === 0 ? true : undefined), 'the preview scaled down after 1 s');
    const status = await bed.rollouts(['status', 'bg-abort', '--watch=false']);
    expect(status.stdout.trim()).toBe('Degraded');

    expect((await bed.rollouts(['retry', 'rollout', 'bg-abort'])).code).toBe(0);
    const again = await ro.bgUntil('paused again after the retry', (s) => !s.abort && paused(s));
    expect(again.currentPodHash).toBe(waiting.currentPodHash);
    expect(await ro.replicasByImage()).toEqual({ 'ab:1': 3, 'ab:2': 3 });
  }, 60_000);
});
