import { describe, expect, it } from '@jest/globals';
import { ConflictError, describeTarget, errorFromResponse, GoneError, isAlreadyExists, isConflict, isGone, isNotFound, KubeRequestError, networkError, NotFoundError } from '../../../src/kube/kube-errors.js';
import { RolloutsError } from '../../../src/shared/errors.js';

const target = { verb: 'patch', resource: 'rollouts.argoproj.io', namespace: 'default', name: 'checkout' };

function status(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
}

describe('kube errors', () => {
  it.each([
    { code: 404, reason: 'NotFound', type: NotFoundError, errorCode: 'KUBE_NOT_FOUND' },
    { code: 409, reason: 'Conflict', type: ConflictError, errorCode: 'KUBE_CONFLICT' },
    { code: 409, reason: 'AlreadyExists', type: ConflictError, errorCode: 'KUBE_CONFLICT' },
    { code: 410, reason: 'Expired', type: GoneError, errorCode: 'KUBE_REQUEST_FAILED' },
    { code: 422, reason: 'Invalid', type: KubeRequestError, errorCode: 'KUBE_REQUEST_FAILED' },
    { code: 503, reason: 'ServiceUnavailable', type: KubeRequestError, errorCode: 'KUBE_REQUEST_FAILED' },
  ])('$code $reason becomes $type.name ($errorCode) naming the object', ({ code, reason, type, errorCode }) => {
    const err = errorFromResponse(target, code, status(code, reason, 'the API says no'));
    expect(err).toBeInstanceOf(type);
    expect(err).toBeInstanceOf(RolloutsError);
    expect(err).toMatchObject({ code: errorCode, statusCode: code, reason, apiMessage: 'the API says no', target });
    expect(err.message).toBe('patch rollouts.argoproj.io default/checkout: the API says no');
  });

  it('reads the first line of a body that is not a Status', () => {
    const err = errorFromResponse({ verb: 'get', resource: 'configmaps' }, 502, 'Bad Gateway\n<html>');
    expect(err).toMatchObject({ statusCode: 502, reason: 'HTTP502', message: 'get configmaps: Bad Gateway' });
  });

  it('makes a network failure a KubeRequestError with code 0, the inner cause in its message', () => {
    const cause = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }) });
    const err = networkError({ verb: 'list', resource: 'pods', namespace: 'prod' }, cause);
    expect(err).toMatchObject({ statusCode: 0, reason: 'NetworkError', cause });
    expect(err.message).toBe('list pods in prod: fetch failed: connect ECONNREFUSED 127.0.0.1:6443');
  });

  it.each([
    [{ verb: 'get', resource: 'namespaces', name: 'prod' }, 'get namespaces prod'],
    [{ verb: 'list', resource: 'configmaps' }, 'list configmaps'],
    [{ verb: 'patch', resource: 'rollouts.argoproj.io/status', namespace: 'ns', name: 'r' }, 'patch rollouts.argoproj.io/status ns/r'],
  ])('describes %j as "%s"', (t, text) => {
    expect(describeTarget(t)).toBe(text);
  });

  it('answers the is* helpers by class and reason', () => {
    const conflict = errorFromResponse(target, 409, status(409, 'Conflict', 'stale'));
    const exists = errorFromResponse(target, 409, status(409, 'AlreadyExists', 'taken'));
    const missing = errorFromResponse(target, 404, status(404, 'NotFound', 'gone'));
    const gone = errorFromResponse(target, 410, status(410, 'Expired', 'too old'));
    expect([isConflict(conflict), isConflict(exists), isAlreadyExists(conflict), isAlreadyExists(exists)]).toEqual([true, true, false, true]);
    expect([isNotFound(missing), isNotFound(conflict), isGone(gone), isGone(new Error('x'))]).toEqual([true, false, true, false]);
  });
});
