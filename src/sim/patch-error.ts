/**
 * HTTP status a server should answer with for a patch that cannot be applied:
 * 400 for a malformed patch, 415 for a patch type the resource does not accept,
 * 422 for a well-formed patch that does not fit the object (as the apiserver does for JSON patch).
 */
export type PatchErrorStatus = 400 | 415 | 422;

/** A patch that cannot be applied; the message is written to be sent back to the client as is. */
export class PatchError extends Error {
  override readonly name = 'PatchError';
  readonly status: PatchErrorStatus;

  constructor(message: string, status: PatchErrorStatus = 400) {
    super(message);
    this.status = status;
  }
}

/** A short rendering of a JSON value for error messages: patches can be large. */
export function describeJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
