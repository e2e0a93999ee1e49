import { describe, it, expect } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeKubeProtobuf, isKubeProtobuf } from '../../../../src/sim/protobuf/decode.js';
import { KubeProtobufError } from '../../../../src/sim/protobuf/errors.js';
import type { JsonValue } from '../../../../src/sim/json.js';
import { kubeBody, msg, pb } from '../../../fixtures/protobuf/wire-builder.js';

// <command>.pb is the body kubectl 1.32 sent; <command>.json is what the same command printed
// with --dry-run=client -o json (see test/fixtures/protobuf/README.md).
const FIXTURES = join(import.meta.dirname, '../../../fixtures/protobuf');

/** kubectl prints the zero creationTimestamp as null; the decoder leaves it out (see schema.ts). */

function withoutNullTimestamps(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutNullTimestamps);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => !(k === 'creationTimestamp' && v === null))
      .map(([k, v]) => [k, withoutNullTimestamps(v)]),
  );
}

const commands = readdirSync(FIXTURES).filter((f) => f.endsWith('.pb')).map((f) => f.slice(0, -3)).sort();

describe('decodeKubeProtobuf on bodies captured from kubectl 1.32', () => {
  it.each(commands)('%s', (command) => {
    const body = readFileSync(join(FIXTURES, `${command}.pb`));
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${command}.json`), 'utf8')) as JsonValue;
    expect(decodeKubeProtobuf(body)).toEqual(withoutNullTimestamps(expected));
  });
});

describe('isKubeProtobuf', () => {
  it.each<[string | undefined, boolean]>([
    ['application/vnd.kubernetes.protobuf', true],
    ['application/vnd.kubernetes.protobuf; charset=binary', true],
    ['Application/VND.Kubernetes.Protobuf', true],
    ['application/json', false],
    ['application/merge-patch+json', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (contentType, expected) => {
    expect(isKubeProtobuf(contentType)).toBe(expected);
  });
});

const meta = (...extra: Uint8Array[]): Uint8Array => pb.message(1, pb.string(1, 'x'), ...extra);

describe('decodeKubeProtobuf on hand-built bodies', () => {
  it('skips unknown fields of every wire type, including an unknown nested message', () => {
    const raw = msg(meta(pb.fixed64(90), pb.fixed32(91), pb.varint(92, -1), pb.message(93, pb.string(1, 'ignored')), pb.string(15, 'future')));
    expect(decodeKubeProtobuf(kubeBody('v1', 'ServiceAccount', raw))).toEqual({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'x' } });
  });

  it('decodes a Pod, the kind `kubectl run` sends as JSON but client-go can send as protobuf', () => {
    const container = pb.message(2, pb.string(1, 'app'), pb.string(2, 'nginx'), pb.message(6, pb.varint(3, 80)));
    const raw = msg(meta(), pb.message(2, container, pb.string(3, 'Always'), pb.varint(25, -5)), pb.message(3));
    expect(decodeKubeProtobuf(kubeBody('v1', 'Pod', raw))).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'x' },
      spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }] }], restartPolicy: 'Always', priority: -5 },
      status: {},
    });
  });

  it('turns Time into RFC 3339 seconds, IntOrString into a number or a string, and keeps pointer zeros', () => {
    const strategy = pb.message(4, pb.string(1, 'RollingUpdate'), pb.message(2, pb.message(1, pb.varint(1, 0), pb.varint(2, 0)), pb.message(2, pb.varint(1, 1), pb.string(3, '25%'))));
    const spec = pb.message(2, pb.varint(1, 0), strategy, pb.varint(5, 0), pb.bool(7, false), pb.varint(9, 600));
    const raw = msg(meta(pb.message(9, pb.varint(1, 1_700_000_000), pb.varint(2, 5)), pb.varint(10, 0), pb.varint(7, -1)), spec);
    expect(decodeKubeProtobuf(kubeBody('apps/v1', 'Deployment', raw))).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'x', deletionTimestamp: '2023-11-14T22:13:20Z', deletionGracePeriodSeconds: 0, generation: -1 },
      spec: { replicas: 0, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } }, progressDeadlineSeconds: 600 },
    });
  });

  it('reads packed and unpacked repeated numbers alike', () => {
    const podSpec = (groups: Uint8Array[]): Uint8Array => msg(pb.message(2, pb.message(14, ...groups)));
    const packed = decodeKubeProtobuf(kubeBody('v1', 'Pod', podSpec([pb.packed(4, [3000, 4000])])));
    const unpacked = decodeKubeProtobuf(kubeBody('v1', 'Pod', podSpec([pb.varint(4, 3000), pb.varint(4, 4000)])));
    expect(packed).toEqual({ kind: 'Pod', apiVersion: 'v1', spec: { securityContext: { supplementalGroups: [3000, 4000] } } });
    expect(unpacked).toEqual(packed);
  });

  it('keeps the last value of a field sent twice, and merges map entries', () => {
    const raw = msg(meta(pb.string(1, 'second'), pb.mapEntry(11, 'a', pb.string(2, '1')), pb.mapEntry(11, 'b', pb.string(2, '2'))));
    expect(decodeKubeProtobuf(kubeBody('v1', 'ConfigMap', raw))).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'second', labels: { a: '1', b: '2' } } });
  });

  it.each(['v1', 'meta.k8s.io/v1', 'apps/v1'])('decodes DeleteOptions sent as %s', (apiVersion) => {
    const raw = msg(pb.varint(1, 0), pb.message(2, pb.string(1, 'uid-1')), pb.string(4, 'Foreground'), pb.string(5, 'All'));
    expect(decodeKubeProtobuf(kubeBody(apiVersion, 'DeleteOptions', raw))).toEqual({
      kind: 'DeleteOptions',
      apiVersion,
      gracePeriodSeconds: 0,
      preconditions: { uid: 'uid-1' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
  });
});

describe('decodeKubeProtobuf errors', () => {
  const ok = kubeBody('v1', 'Namespace', msg(meta()));

  it.each<[string, Buffer, RegExp]>([
    ['a JSON body', Buffer.from('{"kind":"Namespace"}'), /prefix "k8s\\0"/],
    ['an empty body', Buffer.alloc(0), /prefix/],
    ['a truncated envelope', ok.subarray(0, ok.length - 3), /malformed/],
    ['an envelope without a kind', kubeBody('v1', '', new Uint8Array()), /no apiVersion or kind/],
    ['a string field sent as a varint', kubeBody('v1', 'Namespace', msg(pb.message(1, pb.varint(1, 5)))), /Namespace\.metadata\.name \(field 1\) should be length-delimited/],
    ['a nested message cut short', kubeBody('v1', 'Namespace', Uint8Array.from([0x0a, 0x05, 0x0a])), /malformed/],
  ])('refuses %s with a 400', (_name, body, message) => {
    const error = captureError(() => decodeKubeProtobuf(body));
    expect(error).toBeInstanceOf(KubeProtobufError);
    expect(error).toMatchObject({ code: 'PROTOBUF_MALFORMED', httpStatus: 400 });
    expect(error.message).toMatch(message);
  });

  it.each<[string, string]>([
    ['rbac.authorization.k8s.io/v1', 'Role'],
    ['apps/v1', 'StatefulSet'],
    ['v2', 'Namespace'],
  ])('refuses %s %s with a 415 that names the kind', (apiVersion, kind) => {
    const error = captureError(() => decodeKubeProtobuf(kubeBody(apiVersion, kind, new Uint8Array())));
    expect(error).toMatchObject({ code: 'PROTOBUF_UNSUPPORTED_KIND', httpStatus: 415 });
    expect(error.message).toContain(`${kind} (${apiVersion})`);
  });
});

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}
