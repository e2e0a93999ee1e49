import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { connectKube } from '../../../src/cli/session.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));
const kubeconfig = join(dir, 'config');
writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: { server: "http://127.0.0.1:1" }
users:
- name: u
  user: {}
contexts:
- name: with-namespace
  context: { cluster: c, user: u, namespace: shop }
- name: without-namespace
  context: { cluster: c, user: u }
current-context: with-namespace
`,
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('connectKube: the namespace as kubectl picks it', () => {
  it.each([
    [{}, 'shop'],
    [{ namespace: 'prod' }, 'prod'],
    [{ context: 'without-namespace' }, 'default'],
    [{ context: 'without-namespace', namespace: 'prod' }, 'prod'],
  ])('%j → %s', (flags, namespace) => {
    expect(connectKube({ kubeconfig, ...flags }, '0.0.0').namespace).toBe(namespace);
  });

  it('names a context that does not exist', () => {
    expect(() => connectKube({ kubeconfig, context: 'nope' }, '0.0.0')).toThrow(/nope/);
  });

  it('names a kubeconfig that cannot be read', () => {
    expect(() => connectKube({ kubeconfig: join(dir, 'missing') }, '0.0.0')).toThrow(/cannot load kubeconfig/);
  });
});
