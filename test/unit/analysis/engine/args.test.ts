// Args as Argo resolves and substitutes them (analysis_test.go secret tests, template_test.go,
// factory_test.go TestResolveMetricArgs*, Test_extractValueFromRollout).
import { describe, expect, it } from '@jest/globals';
import {
  SECRET_PLACEHOLDER,
  redact,
  resolveArgs,
  secretRefsOf,
  secretValuesOf,
  substituteTags,
  templateMetric,
} from '../../../../src/analysis/engine/args.js';
import { resolveFieldPath } from '../../../../src/analysis/engine/field-path.js';
import type { Argument } from '../../../../src/api/types.js';
import { aMetric, aPrometheusMetric } from './fixtures.js';

const secretArg = (name: string, secret: string, key: string): Argument => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });

const ROLLOUT = {
  metadata: {
    name: 'test',
    namespace: 'default',
    uid: 'abc-123',
    labels: { app: 'app', env: 'test' },
    annotations: { 'rollout.argoproj.io/revision': '1' },
  },
  spec: { replicas: 5, template: { metadata: { labels: { version: 'v1' } }, spec: { containers: [{ name: 'c', image: 'foo/bar' }] } } },
  status: { pauseConditions: [{ reason: 'test-reason' }] },
};

describe('resolveArgs', () => {
  it('takes values, secrets (marked) and Rollout fields', () => {
    const resolved = resolveArgs({
      args: [{ name: 'plain', value: 'v' }, secretArg('token', 'web-creds', 'apikey'), { name: 'app', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }],
      secrets: { 'web-creds': { apikey: '12345' } },
      fieldSource: ROLLOUT,
    });
    expect(resolved).toEqual({
      ok: true,
      value: [
        { name: 'plain', value: 'v', secret: false },
        { name: 'token', value: '12345', secret: true },
        { name: 'app', value: 'app', secret: false },
      ],
    });
  });

  it('without secrets (validation) a secret arg holds the placeholder, never the secret', () => {
    expect(resolveArgs({ args: [secretArg('token', 'web-creds', 'apikey')] })).toEqual({ ok: true, value: [{ name: 'token', value: SECRET_PLACEHOLDER, secret: true }] });
  });

  it.each<[string, Argument[], string]>([
    ['TestSecretNotFound', [secretArg('secret-does-not-exist', 'secret-does-not-exist', '')], 'secrets "secret-does-not-exist" not found'],
    ['TestKeyNotInSecret', [secretArg('secret-wrong-key', 'secret-name', 'key-name')], "key 'key-name' does not exist in secret 'secret-name'"],
    ['an arg with neither value nor valueFrom', [{ name: 'service' }], 'argument "service" was not supplied'],
    ['a fieldRef with no object to read', [{ name: 'app', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }], 'argument "app" was not supplied'],
  ])('%s → %s', (_case, args, message) => {
    expect(resolveArgs({ args, secrets: { 'secret-name': {} } })).toEqual({ ok: false, message });
  });

  it('a fieldRef that cannot be read is an error', () => {
    const args: Argument[] = [{ name: 'x', valueFrom: { fieldRef: { fieldPath: 'status.nothing' } } }];
    expect(resolveArgs({ args, fieldSource: ROLLOUT })).toEqual({ ok: false, message: 'invalid path status.nothing in rollout' });
  });

  it('lists the secrets to read and the values to mask', () => {
    const args = [secretArg('a', 's1', 'k1'), { name: 'b', value: 'x' }];
    expect(secretRefsOf(args)).toEqual([{ name: 's1', key: 'k1' }]);
    expect(secretValuesOf([{ name: 'a', value: 's3cr3t', secret: true }, { name: 'b', value: 'x', secret: false }, { name: 'c', value: '', secret: true }])).toEqual(['s3cr3t']);
  });
});

describe('redact', () => {
  it.each<[string, string[], string]>([
    ['token s3cr3t rejected', ['s3cr3t'], 'token ***** rejected'],
    ['s3cr3t and s3cr3t', ['s3cr3t'], '***** and *****'],
    ['nothing secret', ['s3cr3t', ''], 'nothing secret'],
  ])('%s → %s', (text, secrets, out) => {
    expect(redact(text, secrets)).toBe(out);
  });
});

describe('templateMetric', () => {
  const args = [
    { name: 'metric-name', value: 'success-rate', secret: false },
    { name: 'service', value: 'canary.default.svc', secret: false },
    { name: 'threshold', value: '0.95', secret: false },
  ];

  it('substitutes in conditions and provider strings, with or without spaces in the tag (TestResolveMetricArgs)', () => {
    const metric = aPrometheusMetric('m', {
      successCondition: 'result[0] >= {{args.threshold}}',
      interval: '{{ args.metric-name }}',
      provider: { prometheus: { address: 'http://prom', query: 'rate(x{svc="{{args.service}}"}[5m])' } },
    });
    const out = templateMetric(metric, args);
    expect(out).toEqual({
      ok: true,
      value: { ...metric, successCondition: 'result[0] >= 0.95', interval: 'success-rate', provider: { prometheus: { address: 'http://prom', query: 'rate(x{svc="canary.default.svc"}[5m])' } } },
    });
  });

  it('keeps quotes, newlines and tabs inside their string (TestResolveMetricArgsWithQuotes)', () => {
    const value = 'foo "bar" baz\nand\ttab';
    const out = templateMetric(aMetric('rate', { successCondition: '{{args.rate}}' }), [{ name: 'rate', value, secret: false }]);
    expect(out.ok && out.value.successCondition).toBe(value);
  });

  it('names the last tag it cannot resolve (TestResolveMetricArgsUnableToSubstitute)', () => {
    const metric = aPrometheusMetric('rate', { successCondition: '{{args.does-not-exist}}', provider: { prometheus: { query: '{{args.metric-name-x}}' } } });
    expect(templateMetric(metric, args)).toEqual({ ok: false, message: 'failed to resolve {{args.metric-name-x}}' });
  });
});

describe('substituteTags (fasttemplate, template_test.go)', () => {
  const values = new Map([['args.var', 'foo']]);

  it.each<[string, string]>([
    ['test', 'test'],
    ['test-{{args.var}}', 'test-foo'],
    ['test-{{ args.var }}', 'test-foo'],
    ['{{args.var}}-{{args.var}}', 'foo-foo'],
  ])('%s → %s', (template, out) => {
    expect(substituteTags(template, values)).toEqual({ ok: true, value: out });
  });

  it.each<[string, string]>([
    ['test-{{args.missing}}', 'failed to resolve {{args.missing}}'],
    ['test-{{ args.missing }}', 'failed to resolve {{ args.missing }}'],
    ['{{templates.x.podTemplateHash}}', 'failed to resolve {{templates.x.podTemplateHash}}'],
    ['test-{{args.var', 'Cannot find end tag="}}" in the template="test-{{args.var" starting from "args.var"'],
  ])('%s → %s', (template, message) => {
    expect(substituteTags(template, values)).toEqual({ ok: false, message });
  });
});

describe('resolveFieldPath', () => {
  it.each<[string, string]>([
    ['metadata.name', 'test'],
    ['metadata.namespace', 'default'],
    ['metadata.uid', 'abc-123'],
    ["metadata.labels['app']", 'app'],
    ["metadata.labels['missing']", ''],
    ["metadata.annotations['rollout.argoproj.io/revision']", '1'],
    ['metadata.labels', 'app="app"\nenv="test"'],
    ['status.pauseConditions[0].reason', 'test-reason'],
    ['spec.template.metadata.labels.version', 'v1'],
    ['spec.template.spec.containers[0].image', 'foo/bar'],
    ['spec.replicas', '5'],
  ])('%s → %j', (path, value) => {
    expect(resolveFieldPath(ROLLOUT, path)).toEqual({ ok: true, value });
  });

  it.each<[string, string]>([
    ['metadata.labels.app', 'unsupported fieldPath: metadata.labels.app'],
    ["metadata.name['x']", 'fieldPath "metadata.name[\'x\']" does not support subscript'],
    ["metadata.labels['bad key']", "invalid key subscript in metadata.labels['bad key']: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)"],
    ['status.pauseConditions[blah].reason', "invalid index 'blah'"],
    ['status.pauseConditions[12].reason', 'index 12 out of range'],
    ['status.pauseConditions[0].startTime', 'invalid path status.pauseConditions[0].startTime in rollout'],
    ['some.invalid[2].non.existing.path', 'invalid path some.invalid[2].non.existing.path in rollout'],
    ['status.pauseConditions[0]', 'path status.pauseConditions[0] in rollout must terminate in a primitive value'],
  ])('%s → error %s', (path, message) => {
    expect(resolveFieldPath(ROLLOUT, path)).toEqual({ ok: false, message });
  });
});
