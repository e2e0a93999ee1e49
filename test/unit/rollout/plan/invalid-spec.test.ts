// Every validation rule gives an InvalidSpec condition with Argo's message ("The Rollout "x" is
// invalid: <field error>", field paths and values as Argo's ValidateRollout prints them), phase
// Degraded, no action, and a look again 20 s later.
import { describe, expect, it } from '@jest/globals';
import type { Service } from '../../../../src/api/kube-types.js';
import type { Rollout } from '../../../../src/api/types.js';
import { planRollout } from '../../../../src/rollout/plan/plan-rollout.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aService, aWorld, snapshotOf, T0 } from '../../../fixtures/rollout-world.js';

type Change = (r: Rollout) => void;
const canary = (r: Rollout): NonNullable<NonNullable<Rollout['spec']['strategy']>['canary']> => r.spec.strategy!.canary!;
const steps = (...s: unknown[]): Change => (r) => (canary(r).steps = s as never);
const nginx = { nginx: { stableIngress: 'web' } } as never;

const RULES: [string, Change, string][] = [
  ['negative replicas', (r) => (r.spec.replicas = -1), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
  ['no selector', (r) => delete r.spec.selector, "spec.selector: Required value: Rollout has missing field '.spec.selector'"],
  ['an empty selector', (r) => (r.spec.selector = {}), 'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
  ['an empty matchLabels', (r) => (r.spec.selector = { matchLabels: {} }), 'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
  ['a selector the template labels miss', (r) => (r.spec.template!.metadata = { labels: { app: 'doesnt-match', tier: 'web' } }), 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"doesnt-match", "tier":"web"}: `selector` does not match template `labels`'],
  ['a failing matchExpression', (r) => (r.spec.selector = { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['guestbook'] }] }), 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"guestbook"}: `selector` does not match template `labels`'],
  ['no container', (r) => (r.spec.template!.spec = { containers: [] }), 'spec.template.spec.containers: Required value'],
  // Found by test/faults/spec-fuzz-controller.test.ts: the pod template keeps unknown fields, so the API took containers: "<(";
  // every ReplicaSet create was then refused and the rollout never got a status.
  ['containers that are not a list', (r) => (r.spec.template!.spec = { containers: '<(' as never }), 'spec.template.spec.containers: Invalid value: "\\"<(\\"": must be a list of containers'],
  ['a container that is not an object', (r) => (r.spec.template!.spec = { containers: [7 as never] }), 'spec.template.spec.containers[0]: Invalid value: "7": must be a container (an object with a name and an image)'],
  ['a container without an image', (r) => (r.spec.template!.spec = { containers: [{ name: 'app' }] }), 'spec.template.spec.containers[0].image: Required value'],
  ['negative minReadySeconds', (r) => (r.spec.minReadySeconds = -1), 'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'],
  ['negative revisionHistoryLimit', (r) => (r.spec.revisionHistoryLimit = -2), 'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0'],
  ['negative progressDeadlineSeconds', (r) => (r.spec.progressDeadlineSeconds = -5), 'spec.progressDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0'],
  ['a deadline not above minReadySeconds', (r) => (r.spec.minReadySeconds = 600), 'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds'],
  ['no strategy', (r) => (r.spec.strategy = {}), "spec.strategy.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'"],
  ['two strategies', (r) => (r.spec.strategy = { canary: {}, blueGreen: { activeService: 'a' } }), 'spec.strategy.strategy: Invalid value: "blueGreen: true canary: true": Multiple Strategies can not be listed'],
  ['blue-green with one service twice', (r) => (r.spec.strategy = { blueGreen: { activeService: 'web', previewService: 'web' } }), 'spec.strategy.activeService: Invalid value: "web": This rollout uses the same service for the active and preview services, but two different services are required.'],
  ['a scale-down revision limit above the history limit', (r) => (r.spec.strategy = { blueGreen: { activeService: 'a', previewService: 'p', scaleDownDelayRevisionLimit: 11 } }), "spec.strategy.scaleDownDelayRevisionLimit: Invalid value: 11: This rollout's revision history limit can not be smaller than the rollout's scale down limit"],
  ['maxSurge and maxUnavailable both 0', (r) => Object.assign(canary(r), { maxSurge: 0, maxUnavailable: 0 }), 'spec.strategy.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: MaxSurge and MaxUnavailable both can not be zero'],
  ['maxSurge "0%" and maxUnavailable 0', (r) => Object.assign(canary(r), { maxSurge: '0%', maxUnavailable: 0 }), 'spec.strategy.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: MaxSurge and MaxUnavailable both can not be zero'],
  // Found by test/faults/spec-fuzz.test.ts: "5x" resolved both fenceposts to 0 and the update never moved (ProgressDeadlineExceeded).
  ['a maxUnavailable that is not an integer or percentage', (r) => (canary(r).maxUnavailable = '5x'), `spec.strategy.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"5x"}: must be an integer or a percentage (e.g. 1, '25%')`],
  ['a negative maxSurge', (r) => (canary(r).maxSurge = -1), 'spec.strategy.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:-1, StrVal:""}: must be greater than or equal to 0'],
  ['a negative maxUnavailable percentage', (r) => (canary(r).maxUnavailable = '-10%'), 'spec.strategy.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"-10%"}: must be greater than or equal to 0'],
  ['a fractional maxSurge percentage', (r) => (canary(r).maxSurge = '2.5%'), `spec.strategy.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"2.5%"}: must be an integer or a percentage (e.g. 1, '25%')`],
  ['a blue-green maxUnavailable that is not an integer or percentage', (r) => (r.spec.strategy = { blueGreen: { activeService: 'a', previewService: 'p', maxUnavailable: 'half' } }), `spec.strategy.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: must be an integer or a percentage (e.g. 1, '25%')`],
  ['one service for stable and canary', (r) => Object.assign(canary(r), { stableService: 'web', canaryService: 'web' }), 'spec.strategy.stableService: Invalid value: "web": This rollout uses the same service for the stable and canary services, but two different services are required.'],
  ['a router without a stable service', (r) => Object.assign(canary(r), { canaryService: 'c', trafficRouting: nginx }), 'spec.strategy.stableService: Invalid value: "": Canary service and Stable service must to be set to use Traffic Routing'],
  ['a router without a canary service', (r) => Object.assign(canary(r), { stableService: 's', trafficRouting: nginx }), 'spec.strategy.canaryService: Invalid value: "": Canary service and Stable service must to be set to use Traffic Routing'],
  ['scaleDownDelaySeconds without a router', (r) => (canary(r).scaleDownDelaySeconds = 60), 'spec.strategy.scaleDownDelaySeconds: Invalid value: 60: Canary scaleDownDelaySeconds can only be used with traffic routing'],
  ['dynamicStableScale without a router', (r) => (canary(r).dynamicStableScale = true), 'spec.strategy.dynamicStableScale: Invalid value: true: Canary dynamicStableScale can only be used with traffic routing'],
  ['dynamicStableScale with scaleDownDelaySeconds', (r) => Object.assign(canary(r), { stableService: 's', canaryService: 'c', trafficRouting: nginx, dynamicStableScale: true, scaleDownDelaySeconds: 30 }), 'spec.strategy.dynamicStableScale: Invalid value: true: Canary dynamicStableScale cannot be used with scaleDownDelaySeconds'],
  ['maxTrafficWeight with a router other than nginx', (r) => Object.assign(canary(r), { stableService: 's', canaryService: 'c', trafficRouting: { smi: {}, maxTrafficWeight: 1000 } }), 'spec.strategy.trafficRouting.maxTrafficWeight: Invalid value: 1000: Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins'],
  ['a router this controller does not implement', (r) => Object.assign(canary(r), { stableService: 's', canaryService: 'c', trafficRouting: { alb: { ingress: 'i', servicePort: 80 } } }), 'spec.strategy.trafficRouting.alb: Invalid value: "alb": this controller does not implement this traffic router; supported: nginx, istio, smi, plugins["argoproj-labs/gatewayAPI"]'],
  ['a traffic router plugin other than Gateway API', (r) => Object.assign(canary(r), { stableService: 's', canaryService: 'c', trafficRouting: { plugins: { 'acme/mesh': {} } } }), 'spec.strategy.trafficRouting.plugins["acme/mesh"]: Invalid value: "plugins[\\"acme/mesh\\"]": this controller does not implement this traffic router; supported: nginx, istio, smi, plugins["argoproj-labs/gatewayAPI"]'],
  ['ping-pong services behind Istio', (r) => Object.assign(canary(r), { trafficRouting: { istio: { virtualService: { name: 'vs' } } }, pingPong: { pingService: 'ping', pongService: 'pong' } }), 'spec.strategy.pingPong: Invalid value: "pingPong": this controller does not implement ping-pong services; use canaryService and stableService'],
  ['an empty step', steps({}), 'spec.strategy.steps[0]: Invalid value: "step.Experiment: true step.Pause: true step.SetWeight: true step.Analysis: true step.SetCanaryScale: true step.SetHeaderRoute: true step.SetMirrorRoute: true step.Plugin: true": Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause'],
  ['a step with setWeight and pause', steps({ setWeight: 10 }, { setWeight: 20, pause: {} }), 'spec.strategy.steps[1]: Invalid value: "step.Experiment: false step.Pause: true step.SetWeight: true step.Analysis: false": Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause'],
  ['setWeight above 100', steps({ setWeight: 101 }), 'spec.strategy.steps[0].setWeight: Invalid value: 101: SetWeight needs to be between 0 and 100'],
  ['a negative setWeight', steps({ setWeight: -1 }), 'spec.strategy.steps[0].setWeight: Invalid value: -1: SetWeight needs to be between 0 and 100'],
  ['setWeight above maxTrafficWeight', (r) => Object.assign(canary(r), { stableService: 's', canaryService: 'c', trafficRouting: { nginx: { stableIngress: 'i' }, maxTrafficWeight: 1000 }, steps: [{ setWeight: 1001 }] }), 'spec.strategy.steps[0].setWeight: Invalid value: 1001: SetWeight needs to be between 0 and 1000'],
  ['a negative pause', steps({ pause: { duration: -5 } }), 'spec.strategy.steps[0].pause.duration: Invalid value: -5: Duration needs to be greater than 0'],
  ['an unreadable pause', steps({ pause: { duration: '5 minutes' } }), 'spec.strategy.steps[0].pause.duration: Invalid value: -1: Duration needs to be greater than 0'],
  // Found by test/faults/spec-fuzz.test.ts: an experiment (or plugin) step was waited on forever, the rollout Progressing with "more replicas need to be updated".
  ['an experiment step', steps({ setWeight: 10 }, { experiment: { templates: [] } }), 'spec.strategy.steps[1].experiment: Invalid value: "experiment": this controller does not implement experiment steps; the rollout would wait at this step forever'],
  ['a plugin step', steps({ plugin: { name: 'acme/step' } }), 'spec.strategy.steps[0].plugin: Invalid value: "plugin": this controller does not implement plugin steps; the rollout would wait at this step forever'],
  // Found by test/faults/spec-fuzz.test.ts: a step setting two actions Argo's rule allows (setCanaryScale with analysis) was no one kind, and never completed.
  ['a step with setCanaryScale and analysis', (r) => Object.assign(canary(r), { stableService: 's', canaryService: 'c', trafficRouting: nginx, steps: [{ setCanaryScale: { replicas: 2 }, analysis: { templates: [{ templateName: 't' }] } }] }), 'spec.strategy.steps[0]: Invalid value: "step.Experiment: false step.Pause: false step.SetWeight: false step.Analysis: true step.SetCanaryScale: true step.SetHeaderRoute: false step.SetMirrorRoute: false step.Plugin: false": A step must set exactly one action: the planner cannot run a step that sets several'],
  ['an analysis step without templates', steps({ setWeight: 10 }, { analysis: {} }), 'spec.strategy.steps[1].analysis.templates: Required value: An analysis step needs at least one template; without one the rollout would wait for it forever'],
  // Found by test/faults/spec-fuzz.test.ts: an empty postPromotionAnalysis (its unknown fields pruned) held a blue-green update at "waiting for analysis to complete".
  ['a blue-green postPromotionAnalysis without templates', (r) => (r.spec.strategy = { blueGreen: { activeService: 'a', previewService: 'p', postPromotionAnalysis: {} } }), 'spec.strategy.postPromotionAnalysis.templates: Required value: postPromotionAnalysis needs at least one template; without one the rollout would wait for it forever'],
  ['setCanaryScale without a router', steps({ setCanaryScale: { replicas: 1 } }), 'spec.strategy.trafficRouting: Required value: SetCanaryScale requires TrafficRouting to be set'],
  ['anti-affinity of both kinds', (r) => (canary(r).antiAffinity = { preferredDuringSchedulingIgnoredDuringExecution: { weight: 5 }, requiredDuringSchedulingIgnoredDuringExecution: {} }), 'spec.strategy.antiAffinity: Invalid value: "antiAffinity.PreferredDuringSchedulingIgnoredDuringExecution: true antiAffinity.RequiredDuringSchedulingIgnoredDuringExecution: true": AntiAffinity must have exactly one strategy listed'],
  ['an anti-affinity weight of 0', (r) => (canary(r).antiAffinity = { preferredDuringSchedulingIgnoredDuringExecution: { weight: 0 } }), 'spec.strategy.antiAffinity.weight: Invalid value: 0: AntiAffinity weight must be between 1-100'],
];

function planFor(change: Change, services: Service[] = []): ReturnType<typeof planRollout> {
  const rollout = aRollout().withName('x').withSteps({ setWeight: 10 }).build();
  change(rollout);
  return planRollout(snapshotOf(aWorld(rollout, [], services)), T0);
}

describe('each validation rule', () => {
  it.each(RULES)('%s → %s', (_name, change, error) => {
    const plan = planFor(change);
    const message = `The Rollout "x" is invalid: ${error}`;
    expect(plan.actions).toEqual([]);
    expect(plan.status?.conditions).toEqual([{ type: 'InvalidSpec', status: 'True', reason: 'InvalidSpec', message, lastUpdateTime: '2024-05-01T12:00:00Z', lastTransitionTime: '2024-05-01T12:00:00Z' }]);
    expect(plan.status).toMatchObject({ phase: 'Degraded', message: `InvalidSpec: ${message}`, observedGeneration: '1' });
    expect(plan.requeueAfterMs).toBe(20_000);
  });
});

describe('services the rollout names', () => {
  const withServices = (r: Rollout): void => {
    Object.assign(canary(r), { stableService: 'stable', canaryService: 'canary' });
  };

  it.each<[string, Service[], string]>([
    ['a missing canary service', [aService('stable')], 'spec.strategy.canary.canaryService: Invalid value: "canary": service "canary" not found'],
    ['both missing: stable is reported first', [], 'spec.strategy.canary.stableService: Invalid value: "stable": service "stable" not found'],
    ['one managed by another rollout', [aService('stable', { managedBy: 'other' }), aService('canary')], 'spec.strategy.canary.stableService: Invalid value: "stable": Service "stable" is managed by another Rollout'],
    ['a missing one before another rollout\'s', [aService('stable', { managedBy: 'other' })], 'spec.strategy.canary.canaryService: Invalid value: "canary": service "canary" not found'],
    ['a selector label the template lacks', [aService('stable'), { ...aService('canary'), spec: { selector: { app: 'guestbook', tier: 'web' } } }], 'spec.strategy.canary.canaryService: Invalid value: "canary": Service "canary" has unmatch label "tier" in rollout'],
  ])('%s', (_name, services, error) => {
    const plan = planFor(withServices, services);
    expect(plan.status?.conditions?.[0]?.message).toBe(`The Rollout "x" is invalid: ${error}`);
    expect(plan.actions).toEqual([]);
  });

  it('services that exist, select the template and are free (or ours) are accepted', () => {
    const plan = planFor(withServices, [aService('stable', { managedBy: 'x' }), aService('canary', { hash: 'abc' })]);
    expect(plan.status?.conditions?.find((c) => c.type === 'InvalidSpec')).toBeUndefined();
    expect(plan.actions.length).toBeGreaterThan(0);
  });
});

describe('the InvalidSpec condition over time', () => {
  const invalidWorld = (): ReturnType<typeof aWorld> => {
    const rollout = aRollout().withName('x').withSteps({ setWeight: 101 }).build();
    return aWorld(rollout);
  };

  it('records a Warning once, keeps the condition while the error is the same, replaces it when the error changes', () => {
    const world = invalidWorld();
    const first = planRollout(snapshotOf(world), T0);
    expect(first.events).toEqual([{ type: 'Warning', reason: 'InvalidSpec', message: first.status?.conditions?.[0].message }]);
    world.rollout.status = first.status;
    const again = planRollout(snapshotOf(world), T0.plus({ minutes: 1 }));
    expect(again.events).toEqual([]);
    expect(again.status).toEqual(first.status);
    world.rollout.spec.strategy!.canary!.steps = [{ setWeight: 102 }];
    const changed = planRollout(snapshotOf(world), T0.plus({ minutes: 2 }));
    expect(changed.status?.conditions).toHaveLength(1);
    expect(changed.status?.conditions?.[0]).toMatchObject({ message: expect.stringContaining('102'), lastTransitionTime: '2024-05-01T12:02:00Z' });
  });

  it('is removed once the spec is fixed, and the rollout proceeds', () => {
    const world = invalidWorld();
    world.rollout.status = planRollout(snapshotOf(world), T0).status;
    world.rollout.spec.strategy!.canary!.steps = [{ setWeight: 10 }];
    const plan = planRollout(snapshotOf(world), T0);
    expect(plan.status?.conditions?.find((c) => c.type === 'InvalidSpec')).toBeUndefined();
    expect(plan.actions.map((a) => a.kind)).toContain('createReplicaSet');
  });
});
