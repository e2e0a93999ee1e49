// The strategy rules not reached through the planner's InvalidSpec table: which routers need a
// stable and a canary service, and the ping-pong rules, as Argo's ValidateRolloutStrategyCanary.
import { describe, expect, it } from '@jest/globals';
import { formatSpecError } from '../../../src/api/field-error.js';
import type { CanaryStrategy } from '../../../src/api/types.js';
import { requireCanaryStableServices, validateCanary } from '../../../src/api/validate-canary.js';

describe('requireCanaryStableServices', () => {
  it.each<[string, CanaryStrategy, boolean]>([
    ['no router', {}, false],
    ['nginx', { trafficRouting: { nginx: { stableIngress: 'i' } } }, true],
    ['SMI', { trafficRouting: { smi: {} } }, true],
    ['plugins only', { trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': {} } } }, false],
    ['plugins and nginx', { trafficRouting: { plugins: { p: {} }, nginx: { stableIngress: 'i' } } }, true],
    ['Istio with a virtual service', { trafficRouting: { istio: { virtualService: { name: 'vs' } } } }, true],
    ['Istio with a DestinationRule', { trafficRouting: { istio: { destinationRule: { name: 'dr', canarySubsetName: 'c', stableSubsetName: 's' } } } }, false],
    ['ALB', { trafficRouting: { alb: { servicePort: 80 } } }, true],
    ['ALB with ping-pong', { trafficRouting: { alb: { servicePort: 80 } }, pingPong: { pingService: 'ping', pongService: 'pong' } }, false],
  ])('%s → %s', (_name, canary, expected) => {
    expect(requireCanaryStableServices(canary)).toBe(expected);
  });
});

describe('ping-pong', () => {
  const first = (canary: CanaryStrategy): string | undefined => validateCanary(canary).map(formatSpecError)[0];

  it.each<[string, CanaryStrategy, string | undefined]>([
    // Valid for Argo; this controller has no ALB router and says so.
    ['ALB with a root service', { trafficRouting: { alb: { servicePort: 80, rootService: 'root' } }, pingPong: { pingService: 'ping', pongService: 'pong' } }, 'spec.strategy.trafficRouting.alb: Invalid value: "alb": this controller does not implement this traffic router; supported: nginx, istio, smi, plugins["argoproj-labs/gatewayAPI"]'],
    ['a router other than ALB, Istio or plugins', { trafficRouting: { smi: {} }, stableService: 's', canaryService: 'c', pingPong: { pingService: 'ping', pongService: 'pong' } }, 'spec.strategy.trafficRouting.alb: Invalid value: null: Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only'],
    ['no ping service', { pingPong: { pingService: '', pongService: 'pong' } }, 'spec.strategy.pingPong.pingService: Invalid value: "": Ping service and Pong service must to be set to use Ping-Pong feature'],
    ['no pong service', { pingPong: { pingService: 'ping', pongService: '' } }, 'spec.strategy.pingPong.pongService: Invalid value: "": Ping service and Pong service must to be set to use Ping-Pong feature'],
    ['one service twice', { pingPong: { pingService: 'p', pongService: 'p' } }, 'spec.strategy.pingPong.pingService: Invalid value: "p": This rollout uses the same service for the ping and pong services, but two different services are required.'],
    ['ALB without a root service', { trafficRouting: { alb: { servicePort: 80 } }, pingPong: { pingService: 'ping', pongService: 'pong' } }, 'spec.strategy.trafficRouting.alb.rootService: Invalid value: "": Root service field is required for the configuration with ALB and ping-pong feature enabled'],
  ])('%s', (_name, canary, error) => {
    expect(first(canary)).toBe(error);
  });
});
