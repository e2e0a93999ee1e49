// The promise every provider keeps: a measurement never throws. Expected failures are already error
// outcomes where they happen; this turns anything unforeseen (a malformed spec the schema let
// through, a library bug) into one too, so the engine records an Error measurement instead of
// failing the whole reconcile.
import { messageOf } from '../../shared/errors.js';
import type { ProviderOutcome } from './provider.js';

/** Runs `measure`; a rejection becomes `{ kind: 'error' }` with its message. */
export async function guardOutcome(measure: () => Promise<ProviderOutcome>): Promise<ProviderOutcome> {
  try {
    return await measure();
  } catch (err) {
    return { kind: 'error', message: `unexpected failure: ${messageOf(err)}` };
  }
}
