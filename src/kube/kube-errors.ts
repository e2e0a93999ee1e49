import { RolloutsError, type ErrorCode } from '../shared/errors.js';

/** Which call failed on which object, e.g. verb "patch", resource "rollouts.argoproj.io", "default", "checkout". */
export interface KubeRequestTarget {
  verb: string;
  /** plural.group ("rollouts.argoproj.io", "configmaps"), with "/status" or "/scale" for a subresource. */
  resource: string;
  namespace?: string;
  name?: string;
}

/** The parts of a metav1.Status that an error keeps. */
export interface KubeStatus {
  code: number;
  reason: string;
  message: string;
  retryAfterSeconds?: number;
}

/** Any failed Kubernetes API call: the HTTP status (0 for a network failure), the API's reason and message, and the object. */
export class KubeError extends RolloutsError {
  readonly statusCode: number;
  readonly reason: string;
  readonly apiMessage: string;
  readonly target: KubeRequestTarget;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, target: KubeRequestTarget, status: KubeStatus, options?: { cause?: unknown }) {
    super(code, `${describeTarget(target)}: ${status.message}`, options);
    this.name = 'KubeError';
    this.statusCode = status.code;
    this.reason = status.reason;
    this.apiMessage = status.message;
    this.target = target;
    this.retryAfterSeconds = status.retryAfterSeconds;
  }
}

/** 404: the object (or its namespace, or its kind) does not exist. */
export class NotFoundError extends KubeError {
  constructor(target: KubeRequestTarget, status: KubeStatus) {
    super('KUBE_NOT_FOUND', target, status);
    this.name = 'NotFoundError';
  }
}

/** 409: a stale resourceVersion (reason Conflict) or a create of an existing name (AlreadyExists): re-read and re-plan. */
export class ConflictError extends KubeError {
  constructor(target: KubeRequestTarget, status: KubeStatus) {
    super('KUBE_CONFLICT', target, status);
    this.name = 'ConflictError';
  }
}

/** 410: the resourceVersion or continue token is older than the server's history: list again. */
export class GoneError extends KubeError {
  constructor(target: KubeRequestTarget, status: KubeStatus) {
    super('KUBE_REQUEST_FAILED', target, status);
    this.name = 'GoneError';
  }
}

/** Every other failure: 4xx/5xx answers, and network failures with statusCode 0 and the cause. */
export class KubeRequestError extends KubeError {
  constructor(target: KubeRequestTarget, status: KubeStatus, options?: { cause?: unknown }) {
    super('KUBE_REQUEST_FAILED', target, status, options);
    this.name = 'KubeRequestError';
  }
}

/** "patch rollouts.argoproj.io default/checkout", "list configmaps in default", "get namespaces prod". */
export function describeTarget(target: KubeRequestTarget): string {
  const head = `${target.verb} ${target.resource}`;
  if (target.name === undefined) return target.namespace ? `${head} in ${target.namespace}` : head;
  return `${head} ${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
}

/** The typed error for an HTTP answer that is not 2xx, from its metav1.Status body when it has one. */
export function errorFromResponse(target: KubeRequestTarget, httpStatus: number, body: string): KubeError {
  return errorFromStatus(target, parseStatus(httpStatus, body));
}

/** The typed error for a metav1.Status (also as it arrives in a watch ERROR event). */
export function errorFromStatus(target: KubeRequestTarget, status: KubeStatus): KubeError {
  switch (status.code) {
    case 404:
      return new NotFoundError(target, status);
    case 409:
      return new ConflictError(target, status);
    case 410:
      return new GoneError(target, status);
    default:
      return new KubeRequestError(target, status);
  }
}

/** A request that got no HTTP answer (refused, reset, timed out): statusCode 0, with the cause. */
export function networkError(target: KubeRequestTarget, cause: unknown): KubeRequestError {
  return new KubeRequestError(target, { code: 0, reason: 'NetworkError', message: networkMessage(cause) }, { cause });
}

/** Reads a metav1.Status object (from a body or a watch event), falling back to the HTTP status. */
export function statusFromObject(httpStatus: number, value: unknown): KubeStatus {
  const obj = (typeof value === 'object' && value !== null ? value : {}) as { code?: unknown; reason?: unknown; message?: unknown; details?: { retryAfterSeconds?: unknown } };
  const code = typeof obj.code === 'number' && obj.code > 0 ? obj.code : httpStatus;
  const retry = obj.details?.retryAfterSeconds;
  return {
    code,
    reason: nonEmpty(obj.reason) ?? `HTTP${code}`,
    message: nonEmpty(obj.message) ?? `the server answered ${code}`,
    ...(typeof retry === 'number' ? { retryAfterSeconds: retry } : {}),
  };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseStatus(httpStatus: number, body: string): KubeStatus {
  try {
    return { ...statusFromObject(httpStatus, JSON.parse(body)), code: httpStatus };
  } catch {
    // Not JSON (a proxy's page, say): its first line is the best message there is.
    const text = body.trim().split('\n')[0]?.slice(0, 200);
    return { code: httpStatus, reason: `HTTP${httpStatus}`, message: text ? text : `the server answered ${httpStatus}` };
  }
}

// undici reports "fetch failed" and hides the useful part (ECONNREFUSED, "other side closed") in the cause.
// Errors are matched by shape: those from Node's own sockets may come from another realm (jest's vm).
function networkMessage(cause: unknown): string {
  const outer = errorMessage(cause) ?? String(cause);
  const inner = errorMessage((cause as { cause?: unknown } | undefined)?.cause);
  return inner && inner !== outer ? `${outer}: ${inner}` : outer;
}

function errorMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { message, code } = value as { message?: unknown; code?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  return typeof code === 'string' ? code : undefined;
}

/** True for a 409 (Conflict or AlreadyExists): the caller re-reads and re-plans. */
export function isConflict(err: unknown): err is ConflictError {
  return err instanceof ConflictError;
}

/** True for a 409 whose reason is AlreadyExists (a create of a name that is taken). */
export function isAlreadyExists(err: unknown): err is ConflictError {
  return err instanceof ConflictError && err.reason === 'AlreadyExists';
}

/** True for a 404. */
export function isNotFound(err: unknown): err is NotFoundError {
  return err instanceof NotFoundError;
}

/** True for a 410 (expired resourceVersion or continue token). */
export function isGone(err: unknown): err is GoneError {
  return err instanceof GoneError;
}
