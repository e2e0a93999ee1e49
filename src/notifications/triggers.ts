// Which templates an event sends. Argo names the trigger after the event's reason
// (RolloutStepCompleted → on-rollout-step-completed, ScalingReplicaSet → on-scaling-replica-set) and
// sends each condition's templates when its `when` holds for the rollout (no `when`: always).
// Conditions are expr-lang, as in Argo; they go through the analysis engine's expr → CEL translation,
// which knows one variable, `result`: `rollout.status.phase == 'Paused'` is read as
// `result.rollout.status.phase == 'Paused'` with result = { rollout, analysisRun }.
import type { ParseResult } from '@marcbachmann/cel-js';
import { conditionEnvironment } from '../analysis/engine/cel-env.js';
import { translateCondition } from '../analysis/engine/expr-translate.js';
import { toPlain } from '../analysis/engine/go-values.js';
import type { TriggerCondition } from './config.js';

/** Argo's translateReasonToTrigger: "AnalysisRunFailed" → "on-analysis-run-failed". */
export function triggerOfReason(reason: string): string {
  const dashed = reason.replace(/(.)([A-Z][a-z]+)/g, '$1-$2').replace(/([a-z0-9])([A-Z])/g, '$1-$2');
  return `on-${dashed.toLowerCase()}`;
}

/** The templates to send, and conditions that could not be evaluated (with why). */
export interface TriggerResult {
  templates: string[][];
  errors: string[];
}

const VARIABLES = new Set(['rollout', 'analysisRun']);
const PIECE = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)|(\.?\s*)([A-Za-z_][A-Za-z0-9_]*)|([^"'`A-Za-z_.]+|\.)/g;

/** `rollout.spec.x == 'rollout'` → `result.rollout.spec.x == 'rollout'`: variables only, never in strings or after a dot. */
export function bindVariables(when: string): string {
  return when.replace(PIECE, (piece, quoted: string | undefined, before: string | undefined, name: string | undefined) => {
    if (quoted !== undefined || name === undefined || !VARIABLES.has(name) || before?.startsWith('.')) return piece;
    return `${before ?? ''}result.${name}`;
  });
}
const compiled = new Map<string, ParseResult | string>();

// Parsed once per text; a string is the reason the text cannot be compiled.
function compile(when: string): ParseResult | string {
  const cached = compiled.get(when);
  if (cached !== undefined) return cached;
  const translated = translateCondition(bindVariables(when));
  let result: ParseResult | string;
  try {
    result = translated.ok ? conditionEnvironment.parse(translated.cel) : translated.message;
  } catch (err) {
    result = err instanceof Error ? err.message.split('\n')[0] : 'invalid condition';
  }
  if (compiled.size > 500) compiled.clear();
  compiled.set(when, result);
  return result;
}

/** Whether `when` holds for `vars` ({ rollout }); an empty condition always holds. */
export function conditionHolds(when: string | undefined, vars: Record<string, unknown>): boolean {
  if (!when || when.trim() === '') return true;
  const program = compile(when);
  if (typeof program === 'string') throw new Error(`condition ${JSON.stringify(when)}: ${program}`);
  const value: unknown = program({ result: toPlain({ rollout: vars.rollout, analysisRun: vars.analysisRun }) });
  if (typeof value !== 'boolean') throw new Error(`condition ${JSON.stringify(when)} is not a bool`);
  return value;
}

/** The template lists of the conditions that hold; each condition sends at most once per event. */
export function runTrigger(conditions: readonly TriggerCondition[], vars: Record<string, unknown>): TriggerResult {
  const result: TriggerResult = { templates: [], errors: [] };
  for (const condition of conditions) {
    try {
      if (conditionHolds(condition.when, vars)) result.templates.push(condition.send);
    } catch (err) {
      result.errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  return result;
}
