// The Go-compatible text helpers and Argo's rangeQuery time expressions.
import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { formatGoFloat, marshalGoJson, parseGoFloat } from '../../../../src/analysis/providers/go-format.js';
import { evalTimeExpression, goLayoutToLuxon } from '../../../../src/analysis/providers/time-expression.js';
import { originOf, redactSecrets, safeUrl } from '../../../../src/analysis/providers/http-call.js';

describe('formatGoFloat (strconv.FormatFloat(v, \'f\', -1, 64))', () => {
  it.each([
    [0.99, '0.99'],
    [1, '1'],
    [0, '0'],
    [-0, '-0'],
    [100, '100'],
    [-2.5, '-2.5'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [1e-7, '0.0000001'],
    [1.234e-10, '0.0000000001234'],
    [0.000001, '0.000001'],
    [123456.789, '123456.789'],
    [0.1 + 0.2, '0.30000000000000004'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%p → %s', (v, text) => {
    expect(formatGoFloat(v)).toBe(text);
  });
});

describe('parseGoFloat', () => {
  it.each<[string, number | undefined]>([
    ['0.97', 0.97],
    ['1e+21', 1e21],
    ['-3', -3],
    ['.5', 0.5],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['NaN', NaN],
    ['inf', Infinity],
    ['', undefined],
    ['abc', undefined],
    ['0x10', undefined],
  ])('%j → %p', (text, value) => {
    expect(parseGoFloat(text)).toBe(value);
  });
});

describe('marshalGoJson (Go\'s json.Marshal of decoded JSON)', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: { d: [true, null], c: 'x' } }, '{"a":{"c":"x","d":[true,null]},"b":1}'],
    ['<script>&', '"\\u003cscript\\u003e\\u0026"'],
    ['line\u2028sep', '"line\\u2028sep"'],
    [1e21, '1e+21'],
    [0.0000001, '1e-7'],
    [null, 'null'],
  ])('%j → %s', (value, text) => {
    expect(marshalGoJson(value)).toBe(text);
  });
});

describe('evalTimeExpression (Argo\'s rangeQuery start / end)', () => {
  const now = DateTime.fromISO('2023-08-14T12:00:00Z', { zone: 'utc' });

  it.each([
    ['now()', '2023-08-14T12:00:00.000Z'],
    ['now() - duration("1h30m")', '2023-08-14T10:30:00.000Z'],
    ["now() + duration('90s')", '2023-08-14T12:01:30.000Z'],
    ['now() - duration("1h") - duration("1h")', '2023-08-14T10:00:00.000Z'],
    ['date("2023-08-14 00:00:00", "2006-01-02 15:04:05", "UTC") - duration("1h")', '2023-08-13T23:00:00.000Z'],
    ['date("2023-08-14T02:00:00+02:00")', '2023-08-14T00:00:00.000Z'],
    ['date("2023-08-14")', '2023-08-14T00:00:00.000Z'],
    ['date("14/08/2023", "02/01/2006")', '2023-08-14T00:00:00.000Z'],
  ])('%s → %s', (expression, iso) => {
    const result = evalTimeExpression(expression, now);
    expect(result.ok && result.value.toUTC().toISO()).toBe(iso);
  });

  it.each([
    ['now() - duration("??")', 'time: invalid duration "??"'],
    ['', 'unsupported time expression "": use now() or date("…") with optional + or - duration("…")'],
    ['duration("1h")', 'unsupported time expression "duration(\\"1h\\")": use now() or date("…") with optional + or - duration("…")'],
    ['now() * 2', 'unsupported time expression "now() * 2": use now() or date("…") with optional + or - duration("…")'],
    ['date("yesterday")', 'cannot parse date "yesterday"'],
  ])('refuses %j', (expression, message) => {
    expect(evalTimeExpression(expression, now)).toEqual({ ok: false, message });
  });

  it('converts Go layouts to luxon formats', () => {
    expect(goLayoutToLuxon('2006-01-02 15:04:05')).toBe("yyyy'-'MM'-'dd' 'HH':'mm':'ss");
    expect(goLayoutToLuxon('2006-01-02T15:04:05Z07:00')).toBe("yyyy'-'MM'-'dd'T'HH':'mm':'ssZZ");
  });
});

describe('message hygiene', () => {
  it('names a request without userinfo, query or fragment', () => {
    expect(safeUrl('https://user:pw@example.com:8443/api/v1/query?key=abc#x')).toBe('https://example.com:8443/api/v1/query');
    expect(safeUrl('not a url')).toBe('(invalid URL)');
  });

  it('logs only the origin of a URL whose path may hold a substituted secret', () => {
    expect(originOf('https://u:p@host.example:8443/x/s3cr3t/health?key=1')).toBe('https://host.example:8443');
    expect(originOf('not a url')).toBe('(invalid URL)');
  });

  it('redacts every secret of four characters or more', () => {
    expect(redactSecrets('token abcd and abcd, not ab', ['abcd', 'ab', undefined])).toBe('token [redacted] and [redacted], not ab');
  });
});
