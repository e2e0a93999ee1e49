import { describe, expect, it } from '@jest/globals';
import { validateBuiltin } from '../../../src/sim/builtin-validation.js';
import type { JsonObject } from '../../../src/sim/json.js';

describe('validateBuiltin: Lease (kube-apiserver ValidateLeaseSpec)', () => {
  it.each<{ spec: JsonObject; errors: object[] }>([
    { spec: { holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 }, errors: [] },
    { spec: { holderIdentity: '', leaseDurationSeconds: 1 }, errors: [] },
    { spec: {}, errors: [] },
    { spec: { leaseDurationSeconds: 0 }, errors: [{ type: 'Invalid', field: 'spec.leaseDurationSeconds', value: 0, detail: 'must be greater than 0' }] },
    { spec: { leaseTransitions: -1 }, errors: [{ type: 'Invalid', field: 'spec.leaseTransitions', value: -1, detail: 'must be greater than or equal to 0' }] },
  ])('spec $spec → $errors.length error(s)', ({ spec, errors }) => {
    expect(validateBuiltin('Lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'lock' }, spec })).toEqual(errors);
  });
});
