import { describe, expect, it } from '@jest/globals';
import { podInfo, type PodView } from '../../../src/view/pod-info.js';
import { NOW, ago } from './canary-fixtures.js';

type Status = NonNullable<PodView['status']>;
type C = NonNullable<Status['containerStatuses']>[number];

const running = (name = 'app', restarts = 0): C => ({ name, ready: true, restartCount: restarts, state: { running: {} } });
const waiting = (reason: string, restarts = 0): C => ({ name: 'app', ready: false, restartCount: restarts, state: { waiting: { reason } } });
const terminated = (t: { reason?: string; exitCode?: number; signal?: number }): C => ({ name: 'init', ready: false, restartCount: 0, state: { terminated: t } });

function pod(status: Status, extra: { containers?: number; init?: number; deleting?: boolean } = {}): PodView {
  return {
    metadata: { name: 'p', creationTimestamp: ago({ minutes: 3 }), ...(extra.deleting ? { deletionTimestamp: ago({ seconds: 1 }) } : {}) },
    spec: {
      containers: Array.from({ length: extra.containers ?? 1 }, (_, i) => ({ name: `c${i}` })),
      initContainers: Array.from({ length: extra.init ?? 0 }, (_, i) => ({ name: `i${i}` })),
    },
    status,
  };
}

describe('podInfo: kubectl’s STATUS column, ready and restarts', () => {
  it.each([
    ['running', pod({ phase: 'Running', containerStatuses: [running()] }), 'Running', '✔', '1/1', 0],
    ['creating', pod({ phase: 'Pending', containerStatuses: [waiting('ContainerCreating')] }), 'ContainerCreating', '◌', '0/1', 0],
    ['crash looping', pod({ phase: 'Running', containerStatuses: [waiting('CrashLoopBackOff', 4)] }), 'CrashLoopBackOff', '✖', '0/1', 4],
    ['image pull', pod({ phase: 'Pending', containerStatuses: [waiting('ImagePullBackOff')] }), 'ImagePullBackOff', '⚠', '0/1', 0],
    ['err image pull', pod({ phase: 'Pending', containerStatuses: [waiting('ErrImagePull')] }), 'ErrImagePull', '⚠', '0/1', 0],
    ['one of two ready', pod({ phase: 'Running', containerStatuses: [running('a'), { name: 'b', ready: false, restartCount: 1, state: { running: {} } }] }, { containers: 2 }), 'Running', '✔', '1/2', 1],
    ['killed', pod({ phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] }), 'Signal:9', '✖', '0/1', 0],
    ['pending, no statuses', pod({ phase: 'Pending' }), 'Pending', '◌', '0/1', 0],
    ['evicted', pod({ phase: 'Failed', reason: 'Evicted' }), 'Evicted', ' ', '0/1', 0],
    ['init running', pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i0', ready: false, restartCount: 0, state: { running: {} } }] }, { init: 2 }), 'Init:0/2', '◌', '0/1', 0],
    ['init failed', pod({ phase: 'Pending', initContainerStatuses: [terminated({ exitCode: 1, reason: 'Error' })] }, { init: 1 }), 'Init:Error', '◌', '0/1', 0],
    ['init exit code', pod({ phase: 'Pending', initContainerStatuses: [terminated({ exitCode: 2 })] }, { init: 1 }), 'Init:ExitCode:2', '◌', '0/1', 0],
    ['init done', pod({ phase: 'Running', initContainerStatuses: [terminated({ exitCode: 0, reason: 'Completed' })], containerStatuses: [running()] }, { init: 1 }), 'Running', '✔', '1/1', 0],
    ['terminating', pod({ phase: 'Running', containerStatuses: [running()] }, { deleting: true }), 'Terminating', '◌', '1/1', 0],
  ])('%s', (_what, p, status, icon, ready, restarts) => {
    expect(podInfo(p, NOW)).toMatchObject({ name: 'p', status, icon, ready, restarts, age: '3m' });
  });
});
