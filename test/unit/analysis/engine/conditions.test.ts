// Argo's conditions (expr-lang) evaluated through the CEL translation must give Argo's answers.
// The table lists each form Argo users write, with `result` bound as each provider binds it:
// a Prometheus vector is a list of numbers, a scalar a number, a web/JSON body an object.
import { describe, expect, it } from '@jest/globals';
import { compileCondition, evaluateMeasurement } from '../../../../src/analysis/engine/conditions.js';

const PROM_VECTOR = [0.97];
const WEB_JSON = { code: 200, ok: true, successPercent: 0.93, Status: -1, major: '1', nested: { list: [1, 2, 3] } };

// 'error' is a runtime evaluation error (the measurement becomes Error), as in Argo.
type Expected = boolean | 'error';

describe('compatibility table: Argo condition forms', () => {
  it.each<[string, unknown, Expected]>([
    // Prometheus vectors and scalars
    ['result[0] >= 0.95', PROM_VECTOR, true],
    ['result[0] >= 0.95', [0.9], false],
    ['result[0] >= 0.95', [], 'error'],
    ['result[0] >= 10', [12], true],
    ['result[0] <= 0.01', [0.001, 0.5], true],
    ['result[-1] == 3', [1, 2, 3], true],
    ['result >= 0.99', 0.995, true],
    ['result >= 0.99', 0.5, false],
    ['result < 0.95', 0.5, true],
    ['result >= 0.95', [0.97], 'error'],
    ['len(result) > 0 && result[0] < 500', [100], true],
    ['len(result) > 0 && result[0] < 500', [600], false],
    ['len(result) > 0 && result[0] < 500', [], false],
    ['len(result) == 0 || result[0] >= 0.95', [], true],
    ['len(result) > 0 && result[0] >= 0.95', [0.99], true],
    ['max(result) < 0.05', [0.01, 0.04], true],
    ['max(result) < 0.05', [0.01, 0.06], false],
    ['min(result) > 0', [0.01, 0.06], true],
    ['mean(result) == 2', [1, 3], true],
    ['sum(result) == 6', [1, 2, 3], true],
    ['2 in result', [2, 2], true],
    ['3 in result', [2, 2], false],
    ['result not in [1, 2]', 3, true],
    // web / JSON objects
    ['result.code == 200', WEB_JSON, true],
    ['result.code == 200', { code: 500 }, false],
    ['result.code == 200', {}, false],
    ['result.code != 200', { code: 500 }, true],
    ['result["code"] == 200', WEB_JSON, true],
    ['result.ok && result.successPercent >= 0.90', WEB_JSON, true],
    ['result.Status == -1', WEB_JSON, true],
    ["result.major == '1'", WEB_JSON, true],
    ['result.missing == nil', WEB_JSON, true],
    ['result.nested.list[1] == 2', WEB_JSON, true],
    ['result?.code == nil', null, true],
    ['result.code == 200', null, 'error'],
    ['"code" in result', WEB_JSON, true],
    ['result.constructor == nil', WEB_JSON, true],
    // Argo's helper functions
    ['isNaN(result)', NaN, true],
    ['isNaN(result)', 1, false],
    ['isNaN(result) || result >= 0.95', NaN, true],
    ['isNaN(result) || result >= 0.95', 0.97, true],
    ['isInf(result)', Infinity, true],
    ['isInf(result)', -Infinity, true],
    ['isInf(result)', 1, false],
    ['isNil(result)', null, true],
    ['isNil(result)', undefined, true],
    ['isNil(result)', [], false],
    ['default(result, 0) > 1', null, false],
    ['default(result, 0) > 1', 2, true],
    ['default(result, 0) < 5', null, true],
    ['asFloat(result) > 0.5', '0.7', true],
    ['asFloat(result) > 0.5', 0.7, true],
    ['asFloat(result) > 0.5', 'abc', 'error'],
    ['asInt(result) == 3', '3', true],
    ['asInt(result) == 3', 3.9, true],
    ['asInt(result) == 3', '3.5', 'error'],
    ['int(result) == 3', 3.2, true],
    ['float(result) == 1.5', '1.5', true],
    ['string(result) == "200"', 200, true],
    // closures over lists (expr predicates → CEL macros)
    ['all(result, {# > 0.9})', [0.95, 0.99], true],
    ['all(result, {# > 0.9})', [0.95, 0.5], false],
    ['all(result, {# > 0.9})', [], true],
    ['all(result, # < 1000)', [1, 999], true],
    ['any(result, {# > 0.9})', [0.1, 0.95], true],
    ['any(result, {# > 0.9})', [0.1, 0.2], false],
    ['none(result, {# > 0.9})', [0.1, 0.2], true],
    ['none(result, {# > 0.9})', [0.1, 0.95], false],
    ['one(result, {# > 0.9})', [0.95, 0.1], true],
    ['one(result, {# > 0.9})', [0.95, 0.99], false],
    ['len(filter(result, {# > 0.9})) == 1', [0.95, 0.1], true],
    ['map(result, {# * 2})[0] == 1.9', [0.95], true],
    ['count(result, {# > 0.9}) == 2', [0.95, 0.99, 0.1], true],
    ['all(result, {.code == 200})', [{ code: 200 }, { code: 200 }], true],
    ['all(result, {#.code == 200})', [{ code: 200 }, { code: 500 }], false],
    ['all(result, {all(#, {# > 0})})', [[1, 2], [3]], true],
    ['all(result.service_apdex.values.values, {# > 1})', { service_apdex: { label: null, values: { values: [2, 2] } } }, true],
    ['all(result.service_apdex.values.values, {asFloat(.value) >= 9900})', { service_apdex: { values: { values: [{ value: '9950' }] } } }, true],
    ['len(result[0].Values) >= 5 and all(result[0].Values, {# <= 0.01})', [{ Values: [0, 0, 0, 0, 0.001] }], true],
    ['len(result[0].Values) >= 5 and all(result[0].Values, {# <= 0.01})', [{ Values: [0, 0.5] }], false],
    // keywords, operators and numbers
    ['not (result > 1)', 0.5, true],
    ['!(result > 1)', 2, false],
    ['result > 0 and result < 1', 0.5, true],
    ['result < 0 or result > 1', 0.5, false],
    ['result == 1', 1.0, true],
    ['result == 1.0', 1, true],
    ['result != 2', 1, true],
    ['result + 1 == 2', 1, true],
    ['result * 100 >= 95', 0.97, true],
    ['result / 2 == 0.5', 1, true],
    ['7 / 2 == 3.5', 0, true],
    ['result % 2 == 1', 7, true],
    ['result ** 2 == 9', 3, true],
    ['1 < result < 5', 3, true],
    ['1 < result < 5', 7, false],
    ['(result ?? 5) == 5', null, true],
    ['(result ?? 5) == 1', 1, true],
    ['result > 1 ? true : false', 2, true],
    ['1_000 == 1000 and 0x10 == 16 and 1e3 == 1000', 0, true],
    // nil, booleans and strings
    ['result == nil', null, true],
    ['result == nil', 0, false],
    ['result != nil', [1], true],
    ['result == true', true, true],
    ['result == false', true, false],
    ['result == "It worked!"', 'It worked!', true],
    ["result == 'true'", 'true', true],
    ['result == "true"', true, false],
    ['result != "fail"', 'ok', true],
    ['result < "b"', 'a', true],
    ['result contains "ell"', 'hello', true],
    ['result startsWith "he" and result endsWith "lo"', 'hello', true],
    ['result matches "^h.*o$"', 'hello', true],
    ['result not contains "x"', 'hello', true],
    ['lower(result) == "ok"', 'OK', true],
    ['len(result) == 5', 'héllo', true],
    // results that make the condition fail at run time
    ['result > 1', 'text', 'error'],
    ['result[5] > 1', [1], 'error'],
    ['len(result) > 1', 5, 'error'],
  ])('%s with %j → %s', (condition, result, expected) => {
    const compiled = compileCondition(condition);
    if (!compiled.ok) throw new Error(`did not compile: ${compiled.message}`);
    if (expected === 'error') expect(() => compiled.check(result)).toThrow();
    else expect(compiled.check(result)).toBe(expected);
  });
});

describe('conditions that cannot compile fail with the reason (the run fails before measuring)', () => {
  it.each<[string, string]>([
    ['result[0] >=', 'unexpected end of expression (1:13)'],
    ['result >= ', 'unexpected end of expression (1:11)'],
    ['result[0 >= 1', 'unexpected end of expression, expected "]" (1:14)'],
    ['(result > 1', 'unexpected end of expression, expected ")" (1:12)'],
    ['result >> 1', 'unexpected token ">" (1:9)'],
    ['result = 1', 'unexpected token "=" (1:8)'],
    ['"open', 'literal not terminated (1:1)'],
    ['invalidVariable', 'unknown name invalidVariable (1:1)'],
    ['a == true', 'unknown name a (1:1)'],
    ['process.exit(1)', 'unknown name process (1:1)'],
    ['constructor.constructor("return 1")()', 'unknown name constructor (1:1)'],
    ['result.Name() == "hi"', 'method calls such as .Name() are not supported in conditions (1:8)'],
    ['now() > 1', 'now() is not supported in conditions (1:1)'],
    ['result | len() > 1', 'the "|" operator is not supported in conditions (1:8)'],
    ['result ?? 5 == 5', 'Operator (==) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses. (1:13)'],
    ['all(result)', 'unexpected token ")", expected "," (1:11)'],
    ['# > 1', 'unexpected token "#" (1:1)'],
    ['let x = 1; x > 0', '"let" is not supported in conditions (1:1)'],
    ['result not == 1', 'unexpected token "==" (1:12)'],
    ['1a > 0', 'bad number syntax: "1a" (1:1)'],
    ['"a" < 1', 'no such overload: string < double'],
    ['asFloat(result) == "1.1"', 'no such overload: double == string'],
    ['', 'unexpected end of expression (1:1)'],
  ])('%s → %s', (condition, message) => {
    expect(compileCondition(condition)).toEqual({ ok: false, message });
  });

  it('compiles each text once', () => {
    expect(compileCondition('result >= 0.5')).toBe(compileCondition('result >= 0.5'));
  });
});

describe('evaluateMeasurement: Argo\'s phase rules (evaluate.go EvaluateResult)', () => {
  it.each<[string, string, unknown, string]>([
    // TestEvaluateResultWithSuccess / WithFailure / Inconclusive
    ['true', 'false', true, 'Successful'],
    ['true', 'true', true, 'Failed'],
    ['false', 'false', true, 'Inconclusive'],
    // TestEvaluateResultNoSuccessConditionAndNotFailing / NoFailureConditionAndNotSuccessful / neither
    ['', 'false', true, 'Successful'],
    ['', 'true', true, 'Failed'],
    ['false', '', true, 'Failed'],
    ['true', '', true, 'Successful'],
    ['', '', true, 'Successful'],
    // TestEvaluateResultWithErrorOnSuccessCondition / OnFailureCondition
    ['a == true', 'true', true, 'Error'],
    ['true', 'a == true', true, 'Error'],
    // realistic pairs
    ['result[0] >= 0.95', 'result[0] < 0.5', [0.97], 'Successful'],
    ['result[0] >= 0.95', 'result[0] < 0.5', [0.4], 'Failed'],
    ['result[0] >= 0.95', 'result[0] < 0.5', [0.7], 'Inconclusive'],
  ])('success %j, failure %j, result %j → %s', (successCondition, failureCondition, result, phase) => {
    expect(evaluateMeasurement({ metric: { successCondition, failureCondition }, result }).phase).toBe(phase);
  });

  it.each<[string, unknown, string]>([
    // TestEvaluateConditionWithSuccess / WithFailure / TestEvaluateFloat64 / TestEvaluateInOperator
    ['result == true', true, 'Successful'],
    ['result == false', true, 'Failed'],
    ['result > 1', 5, 'Successful'],
    ['2 in result', [2, 2], 'Successful'],
    // TestEvaluateAsInt
    ['asInt(result) == 1', '1', 'Successful'],
    ['asInt(result) == 1', 1, 'Successful'],
    ['asInt(result) == 1', 1.123, 'Successful'],
    // TestEvaluateAsFloat
    ['asFloat(result) == 1.1', '1.1', 'Successful'],
    ['asFloat(result) >= 1.1', '1.1', 'Successful'],
    ['asFloat(result) <= 1.1', '1.1', 'Successful'],
    ['asFloat(result) == 1.1', 1.1, 'Successful'],
    ['asFloat(result) == 1', 1, 'Successful'],
    ['asFloat(result) >= 1', 1, 'Successful'],
    // TestEvaluateAsIntPanic / TestEvaluateInvalidStruct
    ['asInt(result) == 1.1', '1.1', 'Error'],
    ['result.Name() == "hi"', true, 'Error'],
  ])('success %j with %j → %s (evaluate_test.go)', (successCondition, result, phase) => {
    expect(evaluateMeasurement({ metric: { successCondition }, result }).phase).toBe(phase);
  });

  it.each<[Record<string, string>, unknown, string]>([
    // TestErrorWithNonBoolReturn: Argo says "int" (its literal); every number here is a float64.
    [{ successCondition: '1' }, true, 'could not evaluate successCondition "1": expected bool, but got float64'],
    // TestErrorWithInvalidReference
    [{ successCondition: 'invalidVariable' }, true, 'could not evaluate successCondition "invalidVariable": unknown name invalidVariable (1:1)'],
    // TestEvaluateAsFloatError
    [{ successCondition: 'asFloat(result) == 1.1' }, 'NotANum', 'could not evaluate successCondition "asFloat(result) == 1.1": strconv.ParseFloat: parsing "NotANum": invalid syntax'],
    [{ successCondition: 'asFloat(result) == "1.1"' }, '1.1', 'could not evaluate successCondition "asFloat(result) == "1.1"": no such overload: double == string'],
    // TestEvaluateResultErrorMessageWithNilResult / WithEmptySlice
    [{ successCondition: 'result[0] >= 0.95' }, null, 'could not evaluate successCondition "result[0] >= 0.95": metric result is nil or empty: no data returned from the metric provider'],
    [{ successCondition: 'result[0] >= 0.95' }, [], 'could not evaluate successCondition "result[0] >= 0.95": metric result is nil or empty: no data returned from the metric provider'],
    // TestEvaluateResultErrorMessageWithInvalidExpression / OnFailureCondition
    [{ successCondition: 'a == true' }, true, 'could not evaluate successCondition "a == true": unknown name a (1:1)'],
    [{ successCondition: 'true', failureCondition: 'invalidVar == true' }, true, 'could not evaluate failureCondition "invalidVar == true": unknown name invalidVar (1:1)'],
    [{ successCondition: 'result[3] > 1' }, [1], 'could not evaluate successCondition "result[3] > 1": index out of range: 3 (array length is 1)'],
  ])('%j with %j → Error "%s"', (metric, result, message) => {
    expect(evaluateMeasurement({ metric, result })).toEqual({ phase: 'Error', message });
  });
});
