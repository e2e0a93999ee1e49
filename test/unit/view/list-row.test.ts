import { describe, expect, it } from '@jest/globals';
import { listRow } from '../../../src/view/list-row.js';
import { scenario } from './canary-fixtures.js';

describe('listRow', () => {
  it.each([
    ['healthy', { strategy: 'Canary', status: 'Healthy', step: '5/5', setWeight: '100', readyCurrent: '5/5', desired: 5, upToDate: 5, available: 5 }],
    ['progressing', { status: 'Progressing', step: '1/5', setWeight: '20', upToDate: 1 }],
    ['paused', { status: 'Paused', step: '2/5', setWeight: '20' }],
    ['aborted', { status: 'Degraded', step: '0/5', setWeight: '0' }],
    ['invalid', { status: 'Degraded', step: '-', setWeight: '20' }],
  ] as const)('%s', (state, expected) => {
    expect(listRow(scenario(state).rollout)).toMatchObject({ namespace: 'shop', name: 'checkout', ...expected });
  });

  it('shows blue-green and unknown strategies without step or weight', () => {
    expect(listRow({ spec: { strategy: { blueGreen: { activeService: 'a' } } } })).toMatchObject({ strategy: 'BlueGreen', step: '-', setWeight: '-', desired: 1, readyCurrent: '0/0' });
    expect(listRow({ spec: {} })).toMatchObject({ strategy: 'unknown' });
  });
});
