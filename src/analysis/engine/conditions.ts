// successCondition / failureCondition: Argo's expr-lang text, translated to CEL (expr-translate.ts),
// parsed and type-checked once, then evaluated per measurement with `result` bound to what the
// provider measured. Nothing is ever evaluated as JavaScript. The phase rules are Argo's
// EvaluateResult (utils/evaluate/evaluate.go).
import type { ParseResult } from '@marcbachmann/cel-js';
import type { Metric } from '../../api/types.js';
import { conditionEnvironment } from './cel-env.js';
import { translateCondition } from './expr-translate.js';
import { goTypeName, toPlain } from './go-values.js';

/** A condition ready to evaluate, or why it cannot be compiled (the run fails before measuring). */
export type CompiledCondition =
  | { ok: true; cel: string; check: (result: unknown) => boolean }
  | { ok: false; message: string };

/** The phase one measurement's value earns, with the reason when it is an Error. */
export interface Evaluation {
  phase: 'Successful' | 'Failed' | 'Inconclusive' | 'Error';
  message?: string;
}

// Conditions repeat across runs and measurements; parsing once per text keeps evaluation cheap.
// Templated args make texts vary, so the cache is bounded: the oldest entry goes first.
const CACHE_LIMIT = 1000;
const cache = new Map<string, CompiledCondition>();

/** Compiles an Argo condition (expr-lang) to a checker; cached per text. */
export function compileCondition(text: string): CompiledCondition {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
  cache.set(text, compiled);
  return compiled;
}

function compileUncached(text: string): CompiledCondition {
  const translated = translateCondition(text);
  if (!translated.ok) return translated;
  let program: ParseResult;
  try {
    program = conditionEnvironment.parse(translated.cel);
  } catch (err) {
    return { ok: false, message: celMessage(err) };
  }
  const checked = program.check();
  if (!checked.valid) return { ok: false, message: celMessage(checked.error) };
  return { ok: true, cel: translated.cel, check: (result) => evaluate(program, result) };
}

function evaluate(program: ParseResult, result: unknown): boolean {
  const value: unknown = program({ result: toPlain(result) });
  if (typeof value !== 'boolean') throw new Error(`expected bool, but got ${goTypeName(value)}`);
  return value;
}

// cel-js messages end with a source excerpt of the translated CEL, which would only confuse a
// user who wrote expr; its one-line summary says the same.
function celMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'summary' in err && typeof err.summary === 'string') return err.summary;
  return err instanceof Error ? err.message : String(err);
}

type ConditionKind = 'successCondition' | 'failureCondition';

// Argo: nil, or an empty list, gets a message that says so rather than the evaluator's complaint.
function isNilOrEmpty(result: unknown): boolean {
  return result === null || result === undefined || (Array.isArray(result) && result.length === 0);
}

function evaluationError(kind: ConditionKind, text: string, result: unknown, reason: string): Evaluation {
  const why = isNilOrEmpty(result) ? 'metric result is nil or empty: no data returned from the metric provider' : reason;
  return { phase: 'Error', message: `could not evaluate ${kind} "${text}": ${why}` };
}

// true/false, or the Error evaluation that ends the measurement.
function runCondition(kind: ConditionKind, text: string, result: unknown): boolean | Evaluation {
  const compiled = compileCondition(text);
  if (!compiled.ok) return evaluationError(kind, text, result, compiled.message);
  try {
    return compiled.check(result);
  } catch (err) {
    return evaluationError(kind, text, result, celMessage(err));
  }
}

/**
 * The measurement phase for `result`, as Argo's EvaluateResult: both conditions → Failed when the
 * failure condition holds, else Successful when the success condition holds, else Inconclusive;
 * only a success condition → Successful or Failed; only a failure condition → Failed or
 * Successful; neither → Successful. A condition that cannot be evaluated → Error, with why.
 */
export function evaluateMeasurement(input: { metric: Pick<Metric, 'successCondition' | 'failureCondition'>; result: unknown }): Evaluation {
  const successText = input.metric.successCondition ?? '';
  const failureText = input.metric.failureCondition ?? '';
  const success = successText === '' ? false : runCondition('successCondition', successText, input.result);
  if (typeof success !== 'boolean') return success;
  const failure = failureText === '' ? false : runCondition('failureCondition', failureText, input.result);
  if (typeof failure !== 'boolean') return failure;
  return { phase: phaseOf({ successText, failureText, success, failure }) };
}

function phaseOf(c: { successText: string; failureText: string; success: boolean; failure: boolean }): Evaluation['phase'] {
  if (c.successText === '' && c.failureText === '') return 'Successful';
  // A missing condition is the negation of the other one.
  const failed = c.failureText === '' ? !c.success : c.failure;
  const succeeded = c.successText === '' ? !c.failure : c.success;
  if (failed) return 'Failed';
  return succeeded ? 'Successful' : 'Inconclusive';
}
