// The one HTTP call the web, Datadog and OAuth2 code make: the answer's status and raw text, or a
// message saying what failed (timeout, connection refused, TLS…). It never throws, and its messages
// name the request by method, origin and path only: a URL's userinfo and query string may carry
// credentials, and header values are never repeated.
import { Agent } from 'node:https';
import axios from 'axios';
import { startDeadline, type Deadline } from './deadline.js';

/** The methods a metric may use (Argo's web provider allows these three). */
export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** One request: where, what, and how long it may take. */
export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Skip TLS certificate verification (Argo's `insecure: true`). */
  insecure?: boolean;
  signal: AbortSignal;
}

/** The answer (any status), or why none arrived. */
export type HttpAnswer = { ok: true; status: number; body: string } | { ok: false; message: string };

/** One agent for every insecure request (TLS verification off), as Argo keeps one insecure transport. */
export const INSECURE_AGENT = new Agent({ rejectUnauthorized: false });

/** Sends one request and reads the whole answer as text, whatever its status. */
export async function sendHttp(request: HttpRequest): Promise<HttpAnswer> {
  const deadline = startDeadline(request.signal, request.timeoutMs);
  try {
    const response = await axios.request<unknown>({
      method: request.method,
      url: request.url,
      // Go sends no Content-Type the metric did not set; axios would add a form type to text bodies.
      headers: hasHeader(request.headers, 'content-type') ? request.headers : { ...request.headers, 'Content-Type': false },
      data: request.body,
      signal: deadline.signal,
      responseType: 'text',
      // Keep the raw text: callers decide what a body that is not JSON means.
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      // Go's http.Client follows up to 10 redirects.
      maxRedirects: 10,
      httpsAgent: request.insecure === true ? INSECURE_AGENT : undefined,
    });
    return { ok: true, status: response.status, body: typeof response.data === 'string' ? response.data : '' };
  } catch (err) {
    return { ok: false, message: describeRequestFailure(err, `${request.method} ${safeUrl(request.url)}`, deadline) };
  } finally {
    deadline.clear();
  }
}

/**
 * Why a request failed, for a measurement's message: "GET http://host:9090/api/v1/query timed out
 * after 10s", "… failed: connect ECONNREFUSED 127.0.0.1:1", "… was cancelled".
 */
export function describeRequestFailure(err: unknown, what: string, deadline: Deadline): string {
  if (deadline.timedOut()) return `${what} timed out after ${deadline.timeoutText}`;
  if (deadline.signal.aborted) return `${what} was cancelled`;
  return `${what} failed: ${causeText(err)}`;
}

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  errors?: unknown;
  cause?: unknown;
}

// Node reports a failed connection to a name with several addresses as an AggregateError with an
// empty message; its inner errors (or its code) say what happened.
function causeText(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as ErrorLike;
  if (typeof e.message === 'string' && e.message !== '') return e.message;
  if (Array.isArray(e.errors) && e.errors.length > 0) return causeText(e.errors[0]);
  if (e.cause !== undefined) return causeText(e.cause);
  return typeof e.code === 'string' ? e.code : 'unknown error';
}

/** The URL without userinfo, query or fragment: "https://u:p@host/x?key=1" → "https://host/x". */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** The URL's scheme and host, for logs: "https://u:p@host:8443/x/TOKEN?key=1" → "https://host:8443". */
export function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(invalid URL)';
  }
}

const hasHeader = (headers: Record<string, string>, name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name);

/**
 * Sets a header the way Go's Header.Set does: any spelling of the same name is replaced, so
 * `authorization` from a metric and `Authorization` from OAuth2 never both go out.
 */
export function setHeader(headers: Record<string, string>, key: string, value: string): void {
  for (const existing of Object.keys(headers)) {
    if (existing.toLowerCase() === key.toLowerCase()) delete headers[existing];
  }
  headers[key] = value;
}

/** The headers of a metric (`[{key, value}]`) as one object, later entries winning as in Go. */
export function headersFrom(list: readonly { key: string; value: string }[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, value } of list ?? []) setHeader(headers, key, value);
  return headers;
}

/**
 * Replaces every secret in `text` with "[redacted]": a server may echo a header or a key back in
 * an error body, and that body goes into the measurement's message.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}
