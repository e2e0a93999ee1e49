import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from './api-error.js';
import type { JsonObject } from './json.js';
import { decodeKubeProtobuf, isKubeProtobuf } from './protobuf/decode.js';
import { KubeProtobufError } from './protobuf/errors.js';

const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole request body (kube-apiserver's 3 MiB limit). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

// kubectl's typed commands (create namespace, create deployment, …) send protobuf bodies.
function decodeProtobuf(body: Buffer): JsonObject {
  try {
    return decodeKubeProtobuf(body);
  } catch (err) {
    if (err instanceof KubeProtobufError) throw new ApiError(err.httpStatus, err.httpStatus === 415 ? 'UnsupportedMediaType' : 'BadRequest', err.message);
    throw err;
  }
}

/** Parses a request body: JSON, YAML for apply patches, or Kubernetes protobuf. */
export function parseBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  if (isKubeProtobuf(contentType)) return decodeProtobuf(body);
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  const yaml = (contentType ?? '').includes('yaml');
  try {
    return yaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (err) {
    throw badRequest(`the body of the request could not be decoded: ${(err as Error).message}`);
  }
}

/** Sends a JSON body with the given status and optional warning headers. */
export function sendJson(res: ServerResponse, code: number, body: JsonObject | string, warnings: string[] = []): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) };
  if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(text);
}

/** Sends an API failure as a metav1.Status. */
export function sendError(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, err.code, err.toStatus());
}

/** Which response form the client asked for in Accept. */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => part.includes('as=Table') && part.includes('g=meta.k8s.io'));
}

/** Whether Accept asks for aggregated discovery (kubectl ≥ 1.26), and in which version. */
export function aggregatedDiscoveryVersion(accept: string | undefined): string | undefined {
  for (const part of (accept ?? '').split(',')) {
    if (!part.includes('as=APIGroupDiscoveryList') || !part.includes('g=apidiscovery.k8s.io')) continue;
    if (part.includes('v=v2beta1')) return 'v2beta1';
    if (part.includes('v=v2')) return 'v2';
  }
  return undefined;
}
