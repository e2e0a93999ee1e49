// Building a run spec from templates as Argo's NewAnalysisRunFromTemplates: nested templates once
// each, duplicate metrics and conflicting args refused, the caller's args applied, unresolved args named.
import { describe, expect, it } from '@jest/globals';
import { buildRunSpec, type TemplateLookup } from '../../../src/api/analysis-run-builder.js';
import type { AnalysisTemplateSpec, Metric } from '../../../src/api/types.js';

const metric = (name: string): Metric => ({ name, provider: { web: { url: 'http://127.0.0.1:1/{{args.x}}' } } });

function lookupOf(namespaced: Record<string, AnalysisTemplateSpec>, cluster: Record<string, AnalysisTemplateSpec> = {}): TemplateLookup {
  return {
    template: (n) => (namespaced[n] ? { spec: namespaced[n] } : undefined),
    clusterTemplate: (n) => (cluster[n] ? { spec: cluster[n] } : undefined),
  };
}

describe('buildRunSpec', () => {
  it('concatenates metrics of namespaced then cluster templates and applies the caller args', () => {
    const lookup = lookupOf({ a: { args: [{ name: 'x' }], metrics: [metric('m1')] } }, { c: { args: [{ name: 'x' }, { name: 'y', value: 'd' }], metrics: [metric('m2')] } });
    const built = buildRunSpec({ refs: [{ templateName: 'c', clusterScope: true }, { templateName: 'a' }], lookup, args: [{ name: 'x', value: '1' }, { name: 'unused', value: 'z' }] });
    expect(built).toEqual({ ok: true, value: { metrics: [metric('m1'), metric('m2')], args: [{ name: 'x', value: '1' }, { name: 'y', value: 'd' }] } });
  });

  it('follows templates referenced by templates, each once', () => {
    const lookup = lookupOf({ top: { templates: [{ templateName: 'leaf' }, { templateName: 'top' }], metrics: [metric('t')] }, leaf: { metrics: [metric('l')] } });
    const built = buildRunSpec({ refs: [{ templateName: 'top' }, { templateName: 'leaf' }], lookup, args: [] });
    expect(built.ok && built.value.metrics.map((m) => m.name)).toEqual(['t', 'l']);
  });

  it('names a missing template as the API server would', () => {
    expect(buildRunSpec({ refs: [{ templateName: 'nope' }], lookup: lookupOf({}), args: [] })).toEqual({ ok: false, message: 'analysistemplate.argoproj.io "nope" not found' });
    expect(buildRunSpec({ refs: [{ templateName: 'nope', clusterScope: true }], lookup: lookupOf({}), args: [] })).toEqual({ ok: false, message: 'clusteranalysistemplate.argoproj.io "nope" not found' });
  });

  it('refuses two metrics with one name', () => {
    const lookup = lookupOf({ a: { metrics: [metric('m')] }, b: { metrics: [metric('m')] } });
    expect(buildRunSpec({ refs: [{ templateName: 'a' }, { templateName: 'b' }], lookup, args: [] })).toEqual({ ok: false, message: "two metrics have the same name 'm'" });
  });

  it('refuses one arg given two different values by templates', () => {
    const lookup = lookupOf({ a: { args: [{ name: 'x', value: '1' }], metrics: [metric('a')] }, b: { args: [{ name: 'x', value: '2' }], metrics: [metric('b')] } });
    expect(buildRunSpec({ refs: [{ templateName: 'a' }, { templateName: 'b' }], lookup, args: [] })).toEqual({ ok: false, message: "Argument `x` specified multiple times with different values: '1', '2'" });
  });

  it('names an arg left without a value', () => {
    const lookup = lookupOf({ a: { args: [{ name: 'x' }], metrics: [metric('a')] } });
    expect(buildRunSpec({ refs: [{ templateName: 'a' }], lookup, args: [] })).toEqual({ ok: false, message: 'args.x was not resolved' });
  });

  it('keeps a valueFrom secret reference for the analysis controller to resolve', () => {
    const lookup = lookupOf({ a: { args: [{ name: 'key', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }], metrics: [metric('a')] } });
    const built = buildRunSpec({ refs: [{ templateName: 'a' }], lookup, args: [], dryRun: [{ metricName: 'a' }] });
    expect(built).toEqual({ ok: true, value: { metrics: [metric('a')], args: [{ name: 'key', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }], dryRun: [{ metricName: 'a' }] } });
  });
});
