import type { JsonObject } from '../json.js';
import { KubeProtobufError, malformed } from './errors.js';
import { kubeSchema, messageForKind } from './k8s-messages.js';
import { decodeMessage } from './message-decoder.js';
import { decodeString, lenBytes } from './special-types.js';
import { readFields } from './wire.js';

/**
 * Kubernetes protobuf bodies: the 4 bytes `k8s\0`, then a runtime.Unknown
 * {1 typeMeta {1 apiVersion, 2 kind}, 2 raw (the typed message), 3 contentEncoding, 4 contentType}.
 * kubectl's typed commands (`create deployment`, `create configmap`, …) send this.
 */
export const KUBE_PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from('k8s\0', 'latin1');

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
}

/** True when a Content-Type header names the Kubernetes protobuf media type (parameters ignored). */
export function isKubeProtobuf(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  return mediaType === KUBE_PROTOBUF_MEDIA_TYPE;
}

function readTypeMeta(bytes: Uint8Array, envelope: Envelope): void {
  for (const f of readFields(bytes)) {
    if (f.field === 1) envelope.apiVersion = decodeString(f, 'Unknown.typeMeta.apiVersion');
    else if (f.field === 2) envelope.kind = decodeString(f, 'Unknown.typeMeta.kind');
  }
}

function readEnvelope(bytes: Uint8Array): Envelope {
  const envelope: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(), contentEncoding: '' };
  for (const f of readFields(bytes)) {
    if (f.field === 1) readTypeMeta(lenBytes(f, 'Unknown.typeMeta'), envelope);
    else if (f.field === 2) envelope.raw = lenBytes(f, 'Unknown.raw');
    else if (f.field === 3) envelope.contentEncoding = decodeString(f, 'Unknown.contentEncoding');
  }
  return envelope;
}

/**
 * A Kubernetes protobuf body as the JSON object the same client would have sent as JSON:
 * `{ kind, apiVersion, metadata, spec, … }`. Throws KubeProtobufError: `httpStatus` 400 for a
 * malformed body, 415 for a kind without a table here.
 */
export function decodeKubeProtobuf(body: Uint8Array): JsonObject {
  if (body.length < MAGIC.length || !MAGIC.equals(body.subarray(0, MAGIC.length))) {
    throw malformed('it does not start with the Kubernetes protobuf prefix "k8s\\0"');
  }
  const { apiVersion, kind, raw, contentEncoding } = readEnvelope(body.subarray(MAGIC.length));
  if (kind === '' || apiVersion === '') throw malformed('runtime.Unknown has no apiVersion or kind');
  // Kubernetes never compresses the inner message; an encoding would mean raw is not a message.
  if (contentEncoding !== '') throw malformed(`content encoding "${contentEncoding}" is not supported`);
  const message = messageForKind(apiVersion, kind);
  if (!message) {
    throw new KubeProtobufError(
      'PROTOBUF_UNSUPPORTED_KIND',
      `rollouts-sim cannot decode ${kind} (${apiVersion}) from protobuf; send it as application/json`,
    );
  }
  return { kind, apiVersion, ...decodeMessage(kubeSchema, message, raw) };
}
