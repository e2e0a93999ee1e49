import { describe, expect, it } from '@jest/globals';
import type { Rollout } from '../../../src/api/types.js';
import type { KubeObject } from '../../../src/kube/kube-client-types.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { setImage, withImage } from '../../../src/ops/set-image.js';
import { NOW, aRollout, V2 } from '../view/canary-fixtures.js';
import { recordingClient } from './recording-client.js';

const REF = { namespace: 'shop', name: 'checkout' };

function podTemplated(spec: Record<string, unknown>): KubeObject {
  return { metadata: { name: 'checkout', namespace: 'shop' }, spec: { template: { spec } } };
}

function imagesOf(obj: KubeObject | undefined): Record<string, string[]> {
  const spec = ((obj?.spec as { template: { spec: Record<string, { image: string }[] | undefined> } }).template.spec);
  return Object.fromEntries(['initContainers', 'containers', 'ephemeralContainers'].filter((k) => spec[k]).map((k) => [k, (spec[k] ?? []).map((c) => c.image)]));
}

const template = podTemplated({
  initContainers: [{ name: 'migrate', image: 'migrate:1' }],
  containers: [{ name: 'app', image: 'app:1' }, { name: 'proxy', image: 'envoy:1' }],
  ephemeralContainers: [{ name: 'debug', image: 'busybox:1' }],
});

describe('withImage', () => {
  it.each([
    ['a container', 'app', { initContainers: ['migrate:1'], containers: ['x:2', 'envoy:1'], ephemeralContainers: ['busybox:1'] }],
    ['an init container', 'migrate', { initContainers: ['x:2'], containers: ['app:1', 'envoy:1'], ephemeralContainers: ['busybox:1'] }],
    ['an ephemeral container', 'debug', { initContainers: ['migrate:1'], containers: ['app:1', 'envoy:1'], ephemeralContainers: ['x:2'] }],
    ['every container (*)', '*', { initContainers: ['x:2'], containers: ['x:2', 'x:2'], ephemeralContainers: ['x:2'] }],
  ])('sets the image of %s', (_what, container, images) => {
    expect(imagesOf(withImage(template, { container, image: 'x:2' }))).toEqual(images);
    expect(imagesOf(template).containers).toEqual(['app:1', 'envoy:1']);
  });

  it('finds nothing for an unknown container', () => {
    expect(withImage(template, { container: 'nope', image: 'x:2' })).toBeUndefined();
  });
});

describe('setImage', () => {
  it('reads the rollout and writes it back whole (PUT) with the new image, as Argo', async () => {
    const rollout = aRollout(V2, {});
    const client = recordingClient([{ resource: RESOURCES.rollouts, object: rollout }]);
    const result = await setImage(client, REF, { container: 'checkout', image: 'checkout:2.0' }, NOW);
    expect(result.message).toBe('rollout "checkout" image updated');
    expect(client.calls.map((c) => [c.verb, c.resource, c.subresource])).toEqual([['get', 'rollouts', undefined], ['replace', 'rollouts', undefined]]);
    const written = client.calls[1]?.body as Rollout;
    expect(written.spec.template?.spec?.containers?.[0]?.image).toBe('checkout:2.0');
    expect({ ...written, spec: { ...written.spec, template: rollout.spec.template } }).toEqual(rollout);
  });

  it('retries a write that lost a race (409), reading again each time', async () => {
    const client = recordingClient([{ resource: RESOURCES.rollouts, object: aRollout(V2, {}) }], { conflicts: 2 });
    await setImage(client, REF, { container: '*', image: 'checkout:2.0' }, NOW);
    expect(client.calls.map((c) => c.verb)).toEqual(['get', 'replace', 'get', 'replace', 'get', 'replace']);
  });

  it('gives up after 5 conflicts', async () => {
    const client = recordingClient([{ resource: RESOURCES.rollouts, object: aRollout(V2, {}) }], { conflicts: 5 });
    await expect(setImage(client, REF, { container: '*', image: 'checkout:2.0' }, NOW)).rejects.toThrow('the object has been modified');
    expect(client.writes()).toHaveLength(5);
  });

  it('updates the Deployment of a workloadRef rollout instead', async () => {
    const rollout: Rollout = { metadata: { name: 'checkout', namespace: 'shop' }, spec: { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout-deploy' } } };
    const deployment = { ...podTemplated({ containers: [{ name: 'app', image: 'app:1' }] }), metadata: { name: 'checkout-deploy', namespace: 'shop' } };
    const client = recordingClient([{ resource: RESOURCES.rollouts, object: rollout }, { resource: RESOURCES.deployments, object: deployment }]);
    const result = await setImage(client, REF, { container: 'app', image: 'app:2' }, NOW);
    expect(result.message).toBe('deployment "checkout-deploy" image updated');
    expect(client.writes().map((c) => [c.verb, c.resource, c.name])).toEqual([['replace', 'deployments', 'checkout-deploy']]);
  });

  it.each([
    ['an unknown container', [{ resource: RESOURCES.rollouts, object: aRollout(V2, {}) }], 'unable to find container named "nope"'],
    ['a missing rollout', [], 'rollouts.argoproj.io "checkout" not found'],
  ])('refuses %s without writing', async (_what, objects, message) => {
    const client = recordingClient(objects);
    await expect(setImage(client, REF, { container: 'nope', image: 'x' }, NOW)).rejects.toThrow(message);
    expect(client.writes()).toEqual([]);
  });
});
