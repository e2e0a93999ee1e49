import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { JsonValue } from './json.js';
import { cloneJson, isJsonObject } from './json.js';
import { PatchError, describeJson } from './patch-error.js';

export { PatchError } from './patch-error.js';

const OPS: ReadonlySet<string> = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Applies a JSON patch (RFC 6902) and returns a new value; neither input is modified. */
export function applyJsonPatch(target: JsonValue, ops: JsonValue): JsonValue {
  const operations = decodeOperations(ops);
  try {
    // validateOperation=true checks each operation against the document as it goes;
    // mutateDocument=false makes the library patch a copy.
    const result = jsonpatch.applyPatch(target, cloneJson(operations) as unknown as Operation[], true, false);
    return result.newDocument;
  } catch (error) {
    throw toPatchError(error);
  }
}

// Malformed operations are a bad request (400), as in the apiserver, which decodes the patch
// before applying it; only failures against the document itself are 422.
function decodeOperations(ops: JsonValue): JsonValue[] {
  if (!Array.isArray(ops)) {
    throw new PatchError(`a JSON patch must be a list of operations, got ${describeJson(ops)}`);
  }
  ops.forEach((op, index) => {
    if (!isJsonObject(op) || typeof op.op !== 'string' || !OPS.has(op.op)) {
      throw new PatchError(`JSON patch operation ${index} has no valid "op": ${describeJson(op)}`);
    }
    if (typeof op.path !== 'string') {
      throw new PatchError(`JSON patch operation ${index} (${op.op}) has no "path": ${describeJson(op)}`);
    }
  });
  return ops;
}

// Errors other than JsonPatchError come from the library's own guards (such as its ban on
// `__proto__` paths): still a patch the server refuses, not a server fault.
function toPatchError(error: unknown): PatchError {
  if (!(error instanceof jsonpatch.JsonPatchError)) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.includes('__proto__') ? 'paths through __proto__, constructor or prototype are not allowed' : message;
    return new PatchError(`JSON patch rejected: ${reason}`);
  }
  const operation: unknown = error.operation;
  const reason = REASONS.get(error.name) ?? error.message.split('\n')[0];
  const status = error.name === 'TEST_OPERATION_FAILED' || UNRESOLVED.has(error.name) ? 422 : 400;
  return new PatchError(`JSON patch operation ${error.index ?? 0} ${describeJson(operation)} failed: ${reason}`, status);
}

const UNRESOLVED: ReadonlySet<string> = new Set([
  'OPERATION_PATH_CANNOT_ADD',
  'OPERATION_PATH_UNRESOLVABLE',
  'OPERATION_FROM_UNRESOLVABLE',
  'OPERATION_PATH_ILLEGAL_ARRAY_INDEX',
  'OPERATION_VALUE_OUT_OF_BOUNDS',
]);

// The library's own messages describe its API rather than the patch; these describe the patch.
const REASONS: ReadonlyMap<string, string> = new Map([
  ['TEST_OPERATION_FAILED', 'the value at "path" does not equal "value"'],
  ['OPERATION_PATH_CANNOT_ADD', 'the parent of "path" does not exist'],
  ['OPERATION_PATH_UNRESOLVABLE', '"path" does not exist in the object'],
  ['OPERATION_FROM_UNRESOLVABLE', '"from" does not exist in the object'],
  ['OPERATION_PATH_ILLEGAL_ARRAY_INDEX', '"path" has an invalid list index'],
  ['OPERATION_VALUE_OUT_OF_BOUNDS', 'the list index in "path" is out of bounds'],
  ['OPERATION_VALUE_REQUIRED', 'the operation needs a "value"'],
  ['OPERATION_FROM_REQUIRED', 'the operation needs a "from"'],
  ['OPERATION_PATH_INVALID', '"path" is not a JSON pointer'],
  ['OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED', '"value" is not JSON'],
]);
