/**
 * Why a protobuf body was refused. `httpStatus` is what the API handler should answer:
 * 400 for bytes that are not a valid message, 415 for a valid envelope around a kind the
 * simulator has no protobuf schema for (the client can still send that kind as JSON).
 */
export class KubeProtobufError extends Error {
  readonly code: 'PROTOBUF_MALFORMED' | 'PROTOBUF_UNSUPPORTED_KIND';
  readonly httpStatus: 400 | 415;

  constructor(code: KubeProtobufError['code'], message: string) {
    super(message);
    this.name = 'KubeProtobufError';
    this.code = code;
    this.httpStatus = code === 'PROTOBUF_MALFORMED' ? 400 : 415;
  }
}

/** A KubeProtobufError for bytes that do not parse. */
export function malformed(message: string): KubeProtobufError {
  return new KubeProtobufError('PROTOBUF_MALFORMED', `malformed protobuf body: ${message}`);
}
