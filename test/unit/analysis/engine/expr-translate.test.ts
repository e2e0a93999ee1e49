// The expr → CEL translation, form by form: what text the engine hands to cel-js.
import { describe, expect, it } from '@jest/globals';
import { celDouble, translateCondition } from '../../../../src/analysis/engine/expr-translate.js';

describe('translateCondition', () => {
  it.each<[string, string]>([
    ['result[0] >= 0.95', '(_at(result, 0.0) >= 0.95)'],
    ['result >= 0.99', '(result >= 0.99)'],
    ['len(result) > 0 && result[0] < 500', '((len(result) > 0.0) && (_at(result, 0.0) < 500.0))'],
    ['result.code == 200', '(_at(result, "code") == 200.0)'],
    ['result?.code == nil', '(_atOpt(result, "code") == null)'],
    ['result[-1]', '_at(result, -1.0)'],
    ['result[1:]', '_slice(result, 1.0, null)'],
    ['isNaN(result)', 'isNaN(result)'],
    ['isNil(result)', '_isNil(result, result)'],
    ['default(result, 0) > 1', '(_default(result, 0.0, result) > 1.0)'],
    ['asFloat(result) > 0.5', '(asFloat(result) > 0.5)'],
    ['int(result) == 3', '(asInt(result) == 3.0)'],
    ['string(result)', '_string(result)'],
    ['max(result)', '_max([result])'],
    ['max(1, 2)', '_max([1.0, 2.0])'],
    ['all(result, {# > 0.9})', 'result.all(__it0, (__it0 > 0.9))'],
    ['all(result, # > 0.9)', 'result.all(__it0, (__it0 > 0.9))'],
    ['any(result, {# > 0.9})', 'result.exists(__it0, (__it0 > 0.9))'],
    ['none(result, {# > 0.9})', '!result.exists(__it0, (__it0 > 0.9))'],
    ['one(result, {# > 0.9})', 'result.exists_one(__it0, (__it0 > 0.9))'],
    ['filter(result, {# > 0.9})', 'result.filter(__it0, (__it0 > 0.9))'],
    ['map(result, {# * 2})', 'result.map(__it0, (__it0 * 2.0))'],
    ['count(result, {# > 0.9})', 'len(result.filter(__it0, (__it0 > 0.9)))'],
    ['count(result)', 'len(result.filter(__it0, __it0))'],
    ['sum(result, {# * 2})', '_sum(result.map(__it0, (__it0 * 2.0)))'],
    ['all(result.values, {.ok})', '(_at(result, "values")).all(__it0, _at(__it0, "ok"))'],
    ['all(result, {all(#, {# > 0})})', 'result.all(__it0, __it0.all(__it1, (__it1 > 0.0)))'],
    ['not result', '!(result)'],
    ['!result', '!(result)'],
    ['result and true', '(result && true)'],
    ['result or false', '(result || false)'],
    ['result not in [1, 2]', '!((result in [1.0, 2.0]))'],
    ['result contains "x"', '(result).contains("x")'],
    ['result not matches "^x"', '!((result).matches("^x"))'],
    ['result % 2', '_mod(result, 2.0)'],
    ['2 ** 3 ** 2', '_pow(2.0, _pow(3.0, 2.0))'],
    ['-result ** 2', '-(_pow(result, 2.0))'],
    ['1 + 2 * 3', '(1.0 + (2.0 * 3.0))'],
    ['1 < result < 5', '((1.0 < result) && (result < 5.0))'],
    ['result ?? 1', 'cel.bind(__v0, result, __v0 == null ? 1.0 : __v0)'],
    ['result ? 1 : 2', '(result ? 1.0 : 2.0)'],
    ['result ?: false', '(result ? result : false)'],
    ['{a: 1, "b": result}', '{"a": 1.0, "b": result}'],
    ['"a\\tb\'c"', '"a\\tb\'c"'],
    ["'single'", '"single"'],
    ['`raw\\n`', '"raw\\\\n"'],
    ['"\\u00e9\\x41\\101"', '"éAA"'],
    ['result // trailing comment', 'result'],
    ['/* lead */ result', 'result'],
    ['0x1F + 0b11 + 0o17 + 1_000 + .5 + 1e3', '(((((31.0 + 3.0) + 15.0) + 1000.0) + 0.5) + 1000.0)'],
  ])('%s → %s', (expr, cel) => {
    expect(translateCondition(expr)).toEqual({ ok: true, cel });
  });

  it.each<[string, string]>([
    ['result >=\n  ', 'unexpected end of expression (2:3)'],
    ['result\n  &', 'unexpected token "&" (2:3)'],
    ['/* never closed', 'unclosed comment (1:1)'],
    ['result @ 1', 'unrecognized character: "@" (1:8)'],
    ['"bad \\q escape"', 'invalid char escape (1:6)'],
    ['99999999999999999999', 'integer literal is too large (1:1)'],
    ['1e999', 'float literal is too large (1:1)'],
    ['#index > 0', 'unexpected token "#" (1:1)'],
    ['all(result, {#index > 0})', '#index is not supported in conditions (1:15)'],
    ['find(result, {# > 0})', 'find() is not supported in conditions (1:1)'],
    ['foo(result)', 'unknown name foo (1:1)'],
    ['1..3', 'the ".." operator is not supported in conditions (1:2)'],
  ])('%j → error %s', (expr, message) => {
    expect(translateCondition(expr)).toEqual({ ok: false, message });
  });
});

describe('celDouble', () => {
  it.each<[number, string]>([
    [1, '1.0'],
    [0, '0.0'],
    [-3, '-3.0'],
    [0.95, '0.95'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
  ])('%d → %s', (n, text) => {
    expect(celDouble(n)).toBe(text);
  });
});
