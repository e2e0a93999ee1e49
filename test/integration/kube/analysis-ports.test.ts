// The Secret reader of src/kube/analysis-ports.ts against rollouts-sim. (Its JobPort is exercised by
// test/integration/analysis/providers/job.test.ts.) Given Secrets in the API, when a provider reads a
// key, then it gets the decoded value, undefined for what does not exist, and an error that names the
// Secret but carries none of its data.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ReadSecret } from '../../../src/analysis/ports.js';
import { createSecretReader } from '../../../src/kube/analysis-ports.js';
import { createKubeClient } from '../../../src/kube/kube-client.js';
import { loadKubeConfig } from '../../../src/kube/kube-config.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

const API_KEY = 'ddapi-distinctive-7f3a9c';

describe('createSecretReader against rollouts-sim', () => {
  let sim: RunningSim;
  let readSecret: ReadSecret;

  beforeAll(async () => {
    sim = await startSimProcess();
    const client = createKubeClient(loadKubeConfig({ kubeconfig: sim.kubeconfig }));
    readSecret = createSecretReader(client);
    await client.create(RESOURCES.secrets, 'default', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'datadog' },
      data: { 'api-key': Buffer.from(API_KEY).toString('base64'), address: Buffer.from('https://api.datadoghq.eu').toString('base64') },
    });
  });

  beforeEach(async () => {
    await sim.request('DELETE', '/_sim/faults');
  });

  afterAll(async () => {
    await sim.stop();
  });

  it.each<[string, string, string, string | undefined]>([
    ['decodes a key', 'datadog', 'api-key', API_KEY],
    ['decodes another key of the same Secret', 'datadog', 'address', 'https://api.datadoghq.eu'],
    ['answers undefined for a key the Secret lacks', 'datadog', 'app-key', undefined],
    ['answers undefined for a Secret that does not exist (404)', 'missing', 'api-key', undefined],
  ])('%s', async (_name, secret, key, expected) => {
    expect(await readSecret('default', secret, key)).toBe(expected);
  });

  it('rejects any other failure with an error that names the Secret and holds none of its data', async () => {
    await sim.request('PUT', '/_sim/faults', { errorRate: 1, errorCode: 503, verbs: ['get'], resources: ['secrets'] });
    const failure = await readSecret('default', 'datadog', 'api-key').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    const text = `${String(failure)} ${JSON.stringify(failure)}`;
    expect(text).toContain('default/datadog');
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(Buffer.from(API_KEY).toString('base64'));
  });
});
