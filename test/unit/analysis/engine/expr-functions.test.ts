// The helpers behind translated conditions, with Go's semantics (ports of evaluate_test.go's
// TestAsInt, TestAsFloat, TestIsInf, TestDefaultFunc, TestIsNilFunc, and expr's builtins).
import { describe, expect, it } from '@jest/globals';
import {
  asFloat,
  asInt,
  defaultResult,
  fetch,
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
  slice,
  sum,
} from '../../../../src/analysis/engine/expr-functions.js';
import { formatGoFloat, formatGoValue, goTypeName, toPlain } from '../../../../src/analysis/engine/go-values.js';

describe('asInt / asFloat (TestAsInt, TestAsFloat)', () => {
  it.each<[unknown, number]>([
    ['1', 1],
    ['-7', -7],
    ['+7', 7],
    [1, 1],
    [1.9, 1],
    [-1.9, -1],
  ])('asInt(%j) → %d', (input, output) => {
    expect(asInt(input)).toBe(output);
  });

  it.each<[unknown, string]>([
    ['notint', 'strconv.ParseInt: parsing "notint": invalid syntax'],
    ['1.1', 'strconv.ParseInt: parsing "1.1": invalid syntax'],
    ['99999999999999999999', 'strconv.ParseInt: parsing "99999999999999999999": value out of range'],
    [true, 'asInt() not supported on bool true'],
    [null, 'asInt() not supported on <nil> <nil>'],
  ])('asInt(%j) fails: %s', (input, message) => {
    expect(() => asInt(input)).toThrow(message);
  });

  it.each<[unknown, number]>([
    ['1', 1],
    ['1.1', 1.1],
    ['-.5', -0.5],
    ['1e3', 1000],
    [1.5, 1.5],
    ['Inf', Infinity],
    ['-infinity', -Infinity],
  ])('asFloat(%j) → %d', (input, output) => {
    expect(asFloat(input)).toBe(output);
  });

  it('asFloat("NaN") is NaN', () => {
    expect(asFloat('NaN')).toBeNaN();
  });

  it.each<[unknown, string]>([
    ['notfloat', 'strconv.ParseFloat: parsing "notfloat": invalid syntax'],
    ['1e400', 'strconv.ParseFloat: parsing "1e400": value out of range'],
    [[1], 'asFloat() not supported on []interface {} [1]'],
  ])('asFloat(%j) fails: %s', (input, message) => {
    expect(() => asFloat(input)).toThrow(message);
  });
});

describe('isNaN / isInf / isNil / default', () => {
  it('isInf (TestIsInf)', () => {
    expect(isInfValue(Infinity)).toBe(true);
    expect(isInfValue(0)).toBe(false);
    expect(isInfValue(NaN)).toBe(false);
  });

  it('isNaN refuses what is not a number', () => {
    expect(isNaNValue(NaN)).toBe(true);
    expect(() => isNaNValue([1])).toThrow('cannot use []interface {} as argument (type float64) to call isNaN');
  });

  it('isNil and default look at the result, not at their argument (TestIsNilFunc, TestDefaultFunc)', () => {
    expect(isNilResult('ignored', null)).toBe(true);
    expect(isNilResult(null, 1)).toBe(false);
    expect(isNilResult(null, [])).toBe(false);
    expect(isNilResult(null, false)).toBe(false);
    expect(defaultResult(null, 0, null)).toBe(0);
    expect(defaultResult(null, 2, undefined)).toBe(2);
    expect(defaultResult('ignored', 0, 1)).toBe(1);
  });
});

describe('member access (expr runtime.Fetch)', () => {
  it.each<[unknown, unknown, unknown]>([
    [[10, 20, 30], 0, 10],
    [[10, 20, 30], -1, 30],
    [[10, 20, 30], 1.7, 20],
    [{ a: 1 }, 'a', 1],
    [{ a: 1 }, 'b', null],
    [{ a: null }, 'a', null],
    [{}, 'toString', null],
    ['abc', 0, 97],
  ])('fetch(%j, %j) → %j', (container, key, value) => {
    expect(fetch(container, key)).toEqual(value);
  });

  it.each<[unknown, unknown, string]>([
    [null, 0, 'cannot fetch 0 from <nil>'],
    [null, 'code', 'cannot fetch code from <nil>'],
    [[1], 1, 'index out of range: 1 (array length is 1)'],
    [[1], -2, 'index out of range: -1 (array length is 1)'],
    [[1], 'a', 'invalid operation: int(string)'],
    [{ a: 1 }, 0, 'cannot use float64 as map key of type string'],
    [5, 'a', 'cannot fetch a from float64'],
  ])('fetch(%j, %j) fails: %s', (container, key, message) => {
    expect(() => fetch(container, key)).toThrow(message);
  });

  it.each<[unknown, unknown, unknown, unknown]>([
    [[1, 2, 3, 4], 1, null, [2, 3, 4]],
    [[1, 2, 3, 4], null, 2, [1, 2]],
    [[1, 2, 3, 4], -2, null, [3, 4]],
    [[1, 2, 3, 4], 3, 1, []],
    ['hello', 1, 3, 'el'],
  ])('slice(%j, %j, %j) → %j', (container, from, to, value) => {
    expect(slice(container, from, to)).toEqual(value);
  });
});

describe('expr builtins', () => {
  it('len counts elements, keys and characters; anything else fails', () => {
    expect(len([1, 2])).toBe(2);
    expect(len({ a: 1 })).toBe(1);
    expect(len('héllo')).toBe(5);
    expect(() => len(null)).toThrow('invalid argument for len (type <nil>)');
    expect(() => len(3)).toThrow('invalid argument for len (type float64)');
  });

  it('aggregates flatten lists; max/min of nothing is nil, mean/median/sum of nothing is 0', () => {
    expect(max([[1, 5], 3])).toBe(5);
    expect(min([[1, 5], 3])).toBe(1);
    expect(max([[]])).toBeNull();
    expect(sum([[1, 2, 3]])).toBe(6);
    expect(mean([[1, 2]])).toBe(1.5);
    expect(mean([[]])).toBe(0);
    expect(median([[3, 1, 2]])).toBe(2);
    expect(median([[4, 1, 2, 3]])).toBe(2.5);
    expect(median([[]])).toBe(0);
    expect(() => max([['a']])).toThrow('invalid argument for max (type string)');
  });

  it('math as Go: round halves away from zero, % on integers only', () => {
    expect(mathFunctions.round(2.5)).toBe(3);
    expect(mathFunctions.round(-2.5)).toBe(-3);
    expect(mathFunctions.abs(-2)).toBe(2);
    expect(modulo(7, 2)).toBe(1);
    expect(() => modulo(7.5, 2)).toThrow('invalid operation: float64 % float64');
    expect(() => modulo(1, 0)).toThrow('integer divide by zero');
  });

  it('first / last', () => {
    expect(firstOrLast('first', [1, 2])).toBe(1);
    expect(firstOrLast('last', [1, 2])).toBe(2);
    expect(firstOrLast('last', [])).toBeNull();
  });
});

describe('Go value formatting', () => {
  it.each<[number, string]>([
    [200, '200'],
    [0.5, '0.5'],
    [123456, '123456'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e21, '1e+21'],
    [-2.5, '-2.5'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%d prints as %s', (n, text) => {
    expect(formatGoFloat(n)).toBe(text);
  });

  it('prints lists and maps as Go %v, and names Go types', () => {
    expect(formatGoValue([1, 'a', true, null])).toBe('[1 a true <nil>]');
    expect(formatGoValue({ b: 2, a: 1 })).toBe('map[a:1 b:2]');
    expect(goTypeName(1)).toBe('float64');
    expect(goTypeName({})).toBe('map[string]interface {}');
  });

  it('turns provider values into plain JSON-like values', () => {
    expect(toPlain(undefined)).toBeNull();
    expect(toPlain({ a: [1n, undefined], m: new Map([['k', 1]]), d: new Date('2024-01-01T00:00:00Z') })).toEqual({
      a: [1, null],
      m: { k: 1 },
      d: '2024-01-01T00:00:00.000Z',
    });
  });
});

describe('JSON keys that look like object internals', () => {
  it('"__proto__" from a JSON body stays an ordinary key', () => {
    const body: unknown = JSON.parse('{"__proto__": {"polluted": 1}, "ok": true}');
    const plain = toPlain(body) as Record<string, unknown>;
    expect(Object.hasOwn(plain, '__proto__')).toBe(true);
    expect(fetch(plain, '__proto__')).toEqual({ polluted: 1 });
    expect(fetch(plain, 'polluted')).toBeNull();
  });
});
