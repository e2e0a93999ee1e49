// Argo's ValidateRolloutStrategyCanary / ValidateRolloutStrategyBlueGreen: the strategy rules, in
// Argo's order and with its field paths. Argo passes "spec.strategy" as the parent path, so a
// canary field is reported as spec.strategy.<field> (spec.strategy.maxSurge, spec.strategy.steps[0]).
import { pauseDurationSeconds } from './duration.js';
import { getValueFromIntOrPercent } from './int-or-percent.js';
import { SUPPORTED_ROUTERS, unsupportedRouters } from './traffic-routers.js';
import { goIntOrString, goScalar, goString, invalid, required, type SpecError } from './field-error.js';
import type { AntiAffinity, BlueGreenStrategy, CanaryStep, CanaryStrategy, PingPongSpec, RolloutTrafficRouting } from './types.js';

const PATH = 'spec.strategy';

export const MESSAGES = {
  setWeight: (max: number): string => `SetWeight needs to be between 0 and ${max}`,
  step: 'Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause',
  duration: 'Duration needs to be greater than 0',
  maxSurgeMaxUnavailable: 'MaxSurge and MaxUnavailable both can not be zero',
  intOrPercent: "must be an integer or a percentage (e.g. 1, '25%')",
  intOrPercentNegative: 'must be greater than or equal to 0',
  duplicatedServicesCanary: 'This rollout uses the same service for the stable and canary services, but two different services are required.',
  duplicatedServicesBlueGreen: 'This rollout uses the same service for the active and preview services, but two different services are required.',
  duplicatedPingPong: 'This rollout uses the same service for the ping and pong services, but two different services are required.',
  pingPongServices: 'Ping service and Pong service must to be set to use Ping-Pong feature',
  pingPongRouter: 'Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only',
  albRootService: 'Root service field is required for the configuration with ALB and ping-pong feature enabled',
  trafficRoutingServices: 'Canary service and Stable service must to be set to use Traffic Routing',
  setCanaryScale: 'SetCanaryScale requires TrafficRouting to be set',
  scaleDownDelay: 'Canary scaleDownDelaySeconds can only be used with traffic routing',
  dynamicStableScale: 'Canary dynamicStableScale can only be used with traffic routing',
  dynamicStableScaleWithDelay: 'Canary dynamicStableScale cannot be used with scaleDownDelaySeconds',
  maxTrafficWeight: 'Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins',
  pingPongNotImplemented: 'this controller does not implement ping-pong services; use canaryService and stableService',
  oneAction: 'A step must set exactly one action: the planner cannot run a step that sets several',
  analysisTemplates: (what: string): string => `${what} needs at least one template; without one the rollout would wait for it forever`,
  stepNotImplemented: (kind: string): string => `this controller does not implement ${kind} steps; the rollout would wait at this step forever`,
  unsupportedRouter: `this controller does not implement this traffic router; supported: ${SUPPORTED_ROUTERS.map((r) => r.field).join(', ')}`,
  scaleDownLimit: "This rollout's revision history limit can not be smaller than the rollout's scale down limit",
  antiAffinityStrategy: 'AntiAffinity must have exactly one strategy listed',
  antiAffinityWeight: 'AntiAffinity weight must be between 1-100',
} as const;

// Argo's getIntOrPercentValue: "25%" → 25, "25" → 25, 3 → 3, anything unreadable → 0.
function intOrPercentValue(value: number | string): number {
  if (typeof value === 'number') return value;
  const n = Number.parseInt(value.replace(/%$/, ''), 10);
  return Number.isNaN(n) ? 0 : n;
}

// What is wrong with a maxSurge or maxUnavailable value, if anything: "5x" does not scale, -1 is below 0.
function intOrPercentProblem(value: number | string): string | undefined {
  const scaled = getValueFromIntOrPercent(value, 100, true);
  if (scaled === undefined) return MESSAGES.intOrPercent;
  return scaled < 0 ? MESSAGES.intOrPercentNegative : undefined;
}

/**
 * Beyond Argo, as Kubernetes checks a Deployment's: a maxSurge or maxUnavailable that is not an
 * integer or percentage ("5x", "2.5%"), or is negative, is refused. Argo would resolve the
 * fenceposts to 0 (or below) and the rollout could never move.
 */
export function intOrPercentErrors(fields: { maxSurge?: number | string; maxUnavailable?: number | string }): SpecError[] {
  return (['maxSurge', 'maxUnavailable'] as const).flatMap((name) => {
    const value = fields[name];
    const problem = value === undefined ? undefined : intOrPercentProblem(value);
    return value === undefined || problem === undefined ? [] : [invalid(`${PATH}.${name}`, goIntOrString(value), problem)];
  });
}

// Both zero is refused: the rollout could never move (defaults "25" each when unset).
function maxSurgeErrors(canary: CanaryStrategy): SpecError[] {
  const malformed = intOrPercentErrors(canary);
  if (malformed.length > 0) return malformed;
  const surge = canary.maxSurge ?? '25';
  if (intOrPercentValue(surge) !== 0 || intOrPercentValue(canary.maxUnavailable ?? '25') !== 0) return [];
  return [invalid(`${PATH}.maxSurge`, goIntOrString(surge), MESSAGES.maxSurgeMaxUnavailable)];
}

const pluginCount = (tr: RolloutTrafficRouting): number => Object.keys(tr.plugins ?? {}).length;

// Ping-pong works with the ALB, Istio and plugin routers only.
function pingPongRouterErrors(tr: RolloutTrafficRouting | undefined): SpecError[] {
  if (!tr || tr.alb || tr.istio || pluginCount(tr) > 0) return [];
  return [invalid(`${PATH}.trafficRouting.alb`, 'null', MESSAGES.pingPongRouter)];
}

// Ping-pong behind ALB needs the root service.
function albRootServiceErrors(tr: RolloutTrafficRouting | undefined): SpecError[] {
  return tr?.alb && !tr.alb.rootService ? [invalid(`${PATH}.trafficRouting.alb.rootService`, goString(''), MESSAGES.albRootService)] : [];
}

function pingPongServiceErrors(pp: PingPongSpec): SpecError[] {
  const errors: SpecError[] = [];
  if (!pp.pingService) errors.push(invalid(`${PATH}.pingPong.pingService`, goString(pp.pingService), MESSAGES.pingPongServices));
  if (!pp.pongService) errors.push(invalid(`${PATH}.pingPong.pongService`, goString(pp.pongService), MESSAGES.pingPongServices));
  if (pp.pingService === pp.pongService) errors.push(invalid(`${PATH}.pingPong.pingService`, goString(pp.pingService), MESSAGES.duplicatedPingPong));
  return errors;
}

// In Argo's order: the router, the two services, then ALB's root service.
function pingPongErrors(canary: CanaryStrategy): SpecError[] {
  if (!canary.pingPong) return [];
  const tr = canary.trafficRouting;
  return [...pingPongRouterErrors(tr), ...pingPongServiceErrors(canary.pingPong), ...albRootServiceErrors(tr)];
}

// Routers that always need a stable and a canary service.
const SERVICE_ROUTERS = ['smi', 'apisix', 'ambassador', 'nginx', 'appMesh', 'traefik'] as const;

/**
 * Argo's requireCanaryStableServices: every router needs both services, except plugins, Istio with
 * a DestinationRule (subsets instead), and ALB or Istio with ping-pong (its services stand in).
 */
export function requireCanaryStableServices(canary: CanaryStrategy): boolean {
  const tr = canary.trafficRouting;
  // A basic canary needs neither.
  if (!tr) return false;
  if (SERVICE_ROUTERS.some((router) => Boolean(tr[router]))) return true;
  if (canary.pingPong) return false;
  return Boolean(tr.alb) || Boolean(tr.istio && !tr.istio.destinationRule);
}

function serviceErrors(canary: CanaryStrategy): SpecError[] {
  const errors: SpecError[] = [];
  if (canary.canaryService && canary.canaryService === canary.stableService) errors.push(invalid(`${PATH}.stableService`, goString(canary.stableService), MESSAGES.duplicatedServicesCanary));
  errors.push(...pingPongErrors(canary));
  if (!requireCanaryStableServices(canary)) return errors;
  if (!canary.stableService) errors.push(invalid(`${PATH}.stableService`, goString(''), MESSAGES.trafficRoutingServices));
  if (!canary.canaryService) errors.push(invalid(`${PATH}.canaryService`, goString(''), MESSAGES.trafficRoutingServices));
  return errors;
}

// scaleDownDelaySeconds and dynamicStableScale need a router; maxTrafficWeight needs nginx or a plugin.
function routerOptionErrors(canary: CanaryStrategy, tr: RolloutTrafficRouting | undefined): SpecError[] {
  const delay = canary.scaleDownDelaySeconds;
  const errors: SpecError[] = [];
  if (!tr) {
    if (delay !== undefined) errors.push(invalid(`${PATH}.scaleDownDelaySeconds`, goScalar(delay), MESSAGES.scaleDownDelay));
    if (canary.dynamicStableScale) errors.push(invalid(`${PATH}.dynamicStableScale`, goScalar(true), MESSAGES.dynamicStableScale));
    return errors;
  }
  if (delay !== undefined && canary.dynamicStableScale) errors.push(invalid(`${PATH}.dynamicStableScale`, goScalar(true), MESSAGES.dynamicStableScaleWithDelay));
  if (tr.maxTrafficWeight !== undefined && !tr.nginx && pluginCount(tr) === 0) errors.push(invalid(`${PATH}.trafficRouting.maxTrafficWeight`, goScalar(tr.maxTrafficWeight), MESSAGES.maxTrafficWeight));
  return [...errors, ...notImplementedErrors(canary, tr)];
}

// Refused rather than ignored: a rollout whose router is never set would shift no traffic at all.
function notImplementedErrors(canary: CanaryStrategy, tr: RolloutTrafficRouting): SpecError[] {
  const errors = unsupportedRouters(tr).map((path) => invalid(`${PATH}.trafficRouting.${path}`, goString(path), MESSAGES.unsupportedRouter));
  if (canary.pingPong) errors.push(invalid(`${PATH}.pingPong`, goString('pingPong'), MESSAGES.pingPongNotImplemented));
  return errors;
}

const PRIMARY_KINDS = ['experiment', 'pause', 'setWeight', 'analysis'] as const;
const ALL_KINDS = [...PRIMARY_KINDS, 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute', 'plugin'] as const;
// Argo's Go field names, for the value its step errors print.
const GO_NAMES: Record<(typeof ALL_KINDS)[number], string> = {
  experiment: 'Experiment',
  pause: 'Pause',
  setWeight: 'SetWeight',
  analysis: 'Analysis',
  setCanaryScale: 'SetCanaryScale',
  setHeaderRoute: 'SetHeaderRoute',
  setMirrorRoute: 'SetMirrorRoute',
  plugin: 'Plugin',
};

/**
 * Argo's two step-shape errors. Several of setWeight/pause/experiment/analysis: the value lists which
 * are set ("step.Experiment: false step.Pause: true step.SetWeight: true step.Analysis: false"); none
 * of the eight actions: it lists which are unset ("step.Experiment: true … step.Plugin: true").
 */
function stepShapeErrors(step: CanaryStep, path: string): SpecError[] {
  const s = step as Record<string, unknown>;
  const isSet = (k: string): boolean => s[k] !== undefined && s[k] !== null;
  const list = (kinds: readonly (typeof ALL_KINDS)[number][], show: (k: string) => boolean): string => kinds.map((k) => `step.${GO_NAMES[k]}: ${show(k)}`).join(' ');
  const errors: SpecError[] = [];
  if (PRIMARY_KINDS.filter(isSet).length > 1) errors.push(invalid(path, goString(list(PRIMARY_KINDS, isSet)), MESSAGES.step));
  if (!ALL_KINDS.some(isSet)) errors.push(invalid(path, goString(list(ALL_KINDS, (k) => !isSet(k))), MESSAGES.step));
  // Beyond Argo: any two actions (setWeight with setCanaryScale, say) leave the step with no one kind to complete.
  if (errors.length === 0 && ALL_KINDS.filter(isSet).length > 1) errors.push(invalid(path, goString(list(ALL_KINDS, isSet)), MESSAGES.oneAction));
  return errors;
}

// 0 to the total weight: 101 of 100 is refused, 1001 of maxTrafficWeight 1000 too.
function setWeightErrors(step: CanaryStep, path: string, maxWeight: number): SpecError[] {
  if (!('setWeight' in step) || (step.setWeight >= 0 && step.setWeight <= maxWeight)) return [];
  return [invalid(`${path}.setWeight`, goScalar(step.setWeight), MESSAGES.setWeight(maxWeight))];
}

// The value printed is the duration in seconds as Argo reads it: -5 → -5, "5 minutes" → -1.
function pauseErrors(step: CanaryStep, path: string): SpecError[] {
  const duration = 'pause' in step ? step.pause?.duration : undefined;
  const seconds = duration === undefined ? 0 : pauseDurationSeconds(duration);
  return seconds < 0 ? [invalid(`${path}.pause.duration`, goScalar(seconds), MESSAGES.duration)] : [];
}

// Beyond Argo: experiment and plugin steps need controllers this product does not have, and an
// analysis step without templates makes no run; each is refused rather than waited on forever.
function waitForeverStepErrors(step: CanaryStep, path: string): SpecError[] {
  const s = step as Record<string, unknown>;
  const errors = (['experiment', 'plugin'] as const).filter((k) => s[k] !== undefined && s[k] !== null).map((k) => invalid(`${path}.${k}`, goString(k), MESSAGES.stepNotImplemented(k)));
  if ('analysis' in step && step.analysis && !step.analysis.templates?.length) errors.push(required(`${path}.analysis.templates`, MESSAGES.analysisTemplates('An analysis step')));
  return errors;
}

function stepValueErrors(step: CanaryStep, path: string, canary: CanaryStrategy): SpecError[] {
  const errors = [...setWeightErrors(step, path, canary.trafficRouting?.maxTrafficWeight ?? 100), ...pauseErrors(step, path), ...waitForeverStepErrors(step, path)];
  if ('setCanaryScale' in step && step.setCanaryScale && !canary.trafficRouting) errors.push(required(`${PATH}.trafficRouting`, MESSAGES.setCanaryScale));
  return errors;
}

/** Argo's ValidateRolloutStrategyAntiAffinity: exactly one kind, a preferred weight of 1 to 100. */
export function antiAffinityErrors(antiAffinity: AntiAffinity | undefined): SpecError[] {
  if (!antiAffinity) return [];
  const preferred = antiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
  const hasRequired = antiAffinity.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
  const errors: SpecError[] = [];
  if ((preferred !== undefined) === hasRequired) {
    const value = `antiAffinity.PreferredDuringSchedulingIgnoredDuringExecution: ${preferred !== undefined} antiAffinity.RequiredDuringSchedulingIgnoredDuringExecution: ${hasRequired}`;
    errors.push(invalid(`${PATH}.antiAffinity`, goString(value), MESSAGES.antiAffinityStrategy));
  }
  if (preferred && (preferred.weight < 1 || preferred.weight > 100)) errors.push(invalid(`${PATH}.antiAffinity.weight`, goScalar(preferred.weight), MESSAGES.antiAffinityWeight));
  return errors;
}

/** Every canary strategy problem, in Argo's order. */
export function validateCanary(canary: CanaryStrategy): SpecError[] {
  const steps = (canary.steps ?? []).flatMap((step, i) => {
    const path = `${PATH}.steps[${i}]`;
    return [...stepShapeErrors(step, path), ...stepValueErrors(step, path, canary)];
  });
  return [...maxSurgeErrors(canary), ...serviceErrors(canary), ...routerOptionErrors(canary, canary.trafficRouting), ...steps, ...antiAffinityErrors(canary.antiAffinity)];
}

/** Every blue-green strategy problem, in Argo's order. */
export function validateBlueGreen(blueGreen: BlueGreenStrategy, revisionHistoryLimit: number): SpecError[] {
  const errors = intOrPercentErrors({ maxUnavailable: blueGreen.maxUnavailable });
  if (blueGreen.activeService === (blueGreen.previewService ?? '')) errors.push(invalid(`${PATH}.activeService`, goString(blueGreen.activeService), MESSAGES.duplicatedServicesBlueGreen));
  const limit = blueGreen.scaleDownDelayRevisionLimit;
  if (limit !== undefined && revisionHistoryLimit < limit) errors.push(invalid(`${PATH}.scaleDownDelayRevisionLimit`, goScalar(limit), MESSAGES.scaleDownLimit));
  return [...errors, ...emptyAnalysisErrors(blueGreen), ...antiAffinityErrors(blueGreen.antiAffinity)];
}

// Beyond Argo (whose run would then fail with no metrics): a pre- or post-promotion analysis
// without templates is refused, as it would hold the switch or the promotion forever.
function emptyAnalysisErrors(blueGreen: BlueGreenStrategy): SpecError[] {
  return (['prePromotionAnalysis', 'postPromotionAnalysis'] as const)
    .filter((name) => blueGreen[name] && !blueGreen[name].templates?.length)
    .map((name) => required(`${PATH}.${name}.templates`, MESSAGES.analysisTemplates(name)));
}
