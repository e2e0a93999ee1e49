import { describe, it, expect } from '@jest/globals';
import { kubeSchema, messageForKind } from '../../../../src/sim/protobuf/k8s-messages.js';
import { buildSchema, missingMessages, parseFieldDecl } from '../../../../src/sim/protobuf/schema.js';

describe('parseFieldDecl', () => {
  it.each([
    ['name string', { json: 'name', value: { kind: 'scalar', scalar: 'string' }, shape: 'single', keep: false, inline: false }],
    ['replicas int32 keep', { json: 'replicas', value: { kind: 'scalar', scalar: 'int32' }, shape: 'single', keep: true, inline: false }],
    ['ports []ServicePort', { json: 'ports', value: { kind: 'message', message: 'ServicePort' }, shape: 'repeated', keep: false, inline: false }],
    ['limits map<Quantity>', { json: 'limits', value: { kind: 'special', special: 'Quantity' }, shape: 'map', keep: false, inline: false }],
    ['volumeSource VolumeSource inline', { json: 'volumeSource', value: { kind: 'message', message: 'VolumeSource' }, shape: 'single', keep: false, inline: true }],
  ])('%s', (decl, expected) => {
    expect(parseFieldDecl(decl)).toEqual(expected);
  });

  it.each([
    ['name', /needs a JSON name and a type/],
    ['name strin', /not a type/],
    ['name string optional', /unknown flag "optional"/],
    ['ports []ServicePort inline', /only a single message can be inline/],
  ])('refuses "%s"', (decl, message) => {
    expect(() => parseFieldDecl(decl)).toThrow(message);
  });
});

describe('kubeSchema', () => {
  it('defines every message that a field refers to', () => {
    expect(missingMessages(kubeSchema)).toEqual([]);
  });

  it.each([
    ['v1', 'Namespace'],
    ['v1', 'ConfigMap'],
    ['v1', 'Secret'],
    ['v1', 'ServiceAccount'],
    ['v1', 'Service'],
    ['v1', 'Pod'],
    ['apps/v1', 'Deployment'],
    ['batch/v1', 'Job'],
    ['batch/v1', 'CronJob'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['meta.k8s.io/v1', 'DeleteOptions'],
  ])('has a message for %s %s', (apiVersion, kind) => {
    const message = messageForKind(apiVersion, kind);
    expect(message).toBeDefined();
    expect(kubeSchema.has(message!)).toBe(true);
  });

  it('refuses a message defined twice and reports dangling references', () => {
    expect(() => buildSchema([{ A: { 1: 'x string' } }, { A: { 1: 'y string' } }])).toThrow(/defined twice/);
    expect(missingMessages(buildSchema([{ A: { 1: 'b B', 2: 'c []C' } }]))).toEqual(['B', 'C']);
  });
});
