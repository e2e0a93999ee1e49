// The one cel-js Environment conditions run in: `result` is the only variable, and the helpers of
// expr-functions.ts are its functions. Built once at load (building an Environment is costly);
// it holds no state between evaluations.
import { Environment } from '@marcbachmann/cel-js';
import {
  asFloat,
  asInt,
  defaultResult,
  fetch,
  fetchOptional,
  firstOrLast,
  isInfValue,
  isNaNValue,
  isNilResult,
  len,
  mathFunctions,
  max,
  mean,
  median,
  min,
  modulo,
  power,
  slice,
  stringFunctions,
  sum,
  toGoString,
} from './expr-functions.js';

type Handler = (...args: unknown[]) => unknown;

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

// Signature → implementation. Every parameter is `dyn`: a metric's result has no static type.
const FUNCTIONS: ReadonlyArray<[string, Handler]> = [
  ['_at(dyn, dyn): dyn', fetch],
  ['_atOpt(dyn, dyn): dyn', fetchOptional],
  ['_slice(dyn, dyn, dyn): dyn', slice],
  ['len(dyn): double', len],
  ['isNaN(dyn): bool', isNaNValue],
  ['isInf(dyn): bool', isInfValue],
  ['_isNil(dyn, dyn): bool', isNilResult],
  ['_default(dyn, dyn, dyn): dyn', defaultResult],
  ['asInt(dyn): double', asInt],
  ['asFloat(dyn): double', asFloat],
  ['_string(dyn): string', toGoString],
  ['_max(dyn): dyn', (v) => max(asList(v))],
  ['_min(dyn): dyn', (v) => min(asList(v))],
  ['_sum(dyn): double', (v) => sum(asList(v))],
  ['_mean(dyn): double', (v) => mean(asList(v))],
  ['_median(dyn): double', (v) => median(asList(v))],
  ['abs(dyn): double', mathFunctions.abs],
  ['ceil(dyn): double', mathFunctions.ceil],
  ['floor(dyn): double', mathFunctions.floor],
  ['round(dyn): double', mathFunctions.round],
  ['_mod(dyn, dyn): double', modulo],
  ['_pow(dyn, dyn): double', power],
  ['lower(dyn): string', stringFunctions.lower],
  ['upper(dyn): string', stringFunctions.upper],
  ['trim(dyn): string', stringFunctions.trim],
  ['first(dyn): dyn', (v) => firstOrLast('first', v)],
  ['last(dyn): dyn', (v) => firstOrLast('last', v)],
];

function buildEnvironment(): Environment {
  // expr's arrays mix types freely ([1, "a"]), so CEL's homogeneous-literal rule is off.
  const env = new Environment({ homogeneousAggregateLiterals: false }).registerVariable('result', 'dyn');
  for (const [signature, handler] of FUNCTIONS) env.registerFunction(signature, handler);
  return env;
}

/** The environment every condition is parsed, checked and evaluated in. */
export const conditionEnvironment: Environment = buildEnvironment();
