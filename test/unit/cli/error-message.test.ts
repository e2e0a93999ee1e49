// The one line after "Error: ": a refused connection as kubectl says it, everything else as thrown.
import { describe, expect, it } from '@jest/globals';
import { cliErrorMessage } from '../../../src/cli/error-message.js';
import { errorFromStatus, networkError } from '../../../src/kube/kube-errors.js';

const TARGET = { verb: 'get', resource: 'rollouts.argoproj.io', namespace: 'default', name: 'x' };

describe('cliErrorMessage', () => {
  it.each([
    ['a refused connection', networkError(TARGET, Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:6443' } })), 'the connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?'],
    ['another network failure', networkError(TARGET, new Error('other side closed')), 'get rollouts.argoproj.io default/x: other side closed'],
    ['an API answer', errorFromStatus(TARGET, { code: 403, reason: 'Forbidden', message: 'forbidden' }), 'get rollouts.argoproj.io default/x: forbidden'],
    ['a plain error', new Error('boom'), 'boom'],
  ])('%s', (_name, err, expected) => {
    expect(cliErrorMessage(err)).toBe(expected);
  });
});
