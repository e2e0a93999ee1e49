import { describe, expect, it } from '@jest/globals';
import { requestMetricLabels } from '../../../src/controller/request-metric-labels.js';

describe('requestMetricLabels (Argo controller_clientset_k8s_request_total)', () => {
  it.each([
    ['a get', { verb: 'get', resource: 'rollouts', namespace: 'default', name: 'web', code: 200 }, { kind: 'rollouts', namespace: 'default', name: 'web', verb: 'Get', status_code: '200' }],
    ['a list has no name', { verb: 'list', resource: 'rollouts', code: 200 }, { kind: 'rollouts', namespace: '', name: 'N/A', verb: 'List', status_code: '200' }],
    ['a namespaced list', { verb: 'list', resource: 'services', namespace: 'shop', code: 200 }, { kind: 'services', namespace: 'shop', name: 'N/A', verb: 'List', status_code: '200' }],
    ['a watch', { verb: 'watch', resource: 'analysisruns', code: 200 }, { kind: 'analysisruns', namespace: '', name: '', verb: 'Watch', status_code: '200' }],
    ['a status update is its resource', { verb: 'update', resource: 'rollouts/status', namespace: 'default', name: 'web', code: 409 }, { kind: 'rollouts', namespace: 'default', name: 'web', verb: 'Update', status_code: '409' }],
    ['replicasets lose their names', { verb: 'patch', resource: 'replicasets', namespace: 'default', name: 'web-abc', code: 200 }, { kind: 'replicasets', namespace: 'default', name: 'N/A', verb: 'Patch', status_code: '200' }],
    ['events lose their names', { verb: 'create', resource: 'events', namespace: 'default', name: 'web.1a2b', code: 201 }, { kind: 'events', namespace: 'default', name: 'N/A', verb: 'Create', status_code: '201' }],
    ['no response at all', { verb: 'delete', resource: 'jobs', namespace: 'default', name: 'j', code: 0 }, { kind: 'jobs', namespace: 'default', name: 'j', verb: 'Delete', status_code: '0' }],
    ['an unknown verb', { verb: 'deletecollection', resource: 'pods', namespace: 'default', code: 200 }, { kind: 'Unknown', namespace: 'Unknown', name: 'Unknown', verb: 'Unknown', status_code: '200' }],
  ])('%s', (_name, request, labels) => {
    expect(requestMetricLabels(request)).toEqual(labels);
  });
});
