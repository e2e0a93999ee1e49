import type { JsonObject } from './json.js';

/** A cause inside a Status's details, as kube-apiserver reports field errors. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** An API failure that the HTTP layer turns into a metav1.Status with the same code and reason. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** The metav1.Status body kube-apiserver would send. */
  toStatus(): JsonObject {
    const status: JsonObject = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) status.details = JSON.parse(JSON.stringify(this.details)) as JsonObject;
    return status;
  }
}

/** "rollouts.argoproj.io" or "pods": how kube-apiserver names a resource in messages. */
export function qualifiedResource(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

interface Ref {
  group: string;
  resource: string;
  name: string;
}

export function notFound(ref: Ref): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(ref.group, ref.resource)} "${ref.name}" not found`, { name: ref.name, group: ref.group || undefined, kind: ref.resource });
}

export function alreadyExists(ref: Ref): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedResource(ref.group, ref.resource)} "${ref.name}" already exists`, { name: ref.name, group: ref.group || undefined, kind: ref.resource });
}

export function conflict(ref: Ref, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(ref.group, ref.resource)} "${ref.name}": ${why}`, { name: ref.name, group: ref.group || undefined, kind: ref.resource });
}

/** The object a 422 Invalid is about: its kind (not resource), group and name. */
interface KindRef {
  group: string;
  kind: string;
  name: string;
}

export function invalid(ref: KindRef, message: string, causes: StatusCause[]): ApiError {
  return new ApiError(422, 'Invalid', message, { name: ref.name, group: ref.group || undefined, kind: ref.kind, causes });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotAllowed(message = 'the server does not allow this method on the requested resource'): ApiError {
  return new ApiError(405, 'MethodNotAllowed', message);
}

export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`, { kind: contentType });
}

export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, 'Forbidden', message);
}

export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
}
