// Argo evaluates a Prometheus `rangeQuery.start` / `end` as an expr-lang expression that must yield
// a time. Its documented forms are covered here: `now()`, `date("…"[, layout[, zone]])`, each
// followed by any number of `+ duration("…")` / `- duration("…")`. For example, with now =
// 12:00 UTC, `now() - duration("1h30m")` is 10:30 UTC and
// `date("2023-08-14 00:00:00", "2006-01-02 15:04:05", "UTC") - duration("1h")` is 2023-08-13T23:00Z.
import { DateTime } from 'luxon';
import { parseGoDuration } from '../../api/duration.js';

/** A time, or why the expression has none. */
export type TimeResult = { ok: true; value: DateTime } | { ok: false; message: string };

const TERM = /^\s*(now|date|duration)\s*\(((?:\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*,?)*)\s*\)\s*/;
const OPERATOR = /^\s*([+-])/;
const STRING_ARG = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`]*)`/g;

/** Evaluates `expression` with `now` as `now()`. */
export function evalTimeExpression(expression: string, now: DateTime): TimeResult {
  const first = readTerm(expression);
  if (first === undefined || first.fn === 'duration') return unsupported(expression);
  let time = first.fn === 'now' ? { ok: true as const, value: now.toUTC() } : parseDate(first.args);
  let rest = first.rest;
  while (time.ok && rest.trim() !== '') {
    const step = addDuration(time.value, rest);
    if (step === undefined) return unsupported(expression);
    time = step.time;
    rest = step.rest;
  }
  return time;
}

/** Applies the leading `± duration("…")` of `text` to `time`; undefined when `text` starts otherwise. */
function addDuration(time: DateTime, text: string): { time: TimeResult; rest: string } | undefined {
  const op = OPERATOR.exec(text);
  const term = op ? readTerm(text.slice(op[0].length)) : undefined;
  if (op === null || term?.fn !== 'duration' || term.args.length !== 1) return undefined;
  const ns = parseGoDuration(term.args[0]);
  if (!ns.ok) return { time: ns, rest: term.rest };
  const ms = Number(ns.value) / 1e6;
  return { time: { ok: true, value: time.plus({ milliseconds: op[1] === '-' ? -ms : ms }) }, rest: term.rest };
}

function readTerm(text: string): { fn: string; args: string[]; rest: string } | undefined {
  const m = TERM.exec(text);
  if (m === null) return undefined;
  const args = [...m[2].matchAll(STRING_ARG)].map((a) => unescape(a[1] ?? a[2] ?? a[3] ?? ''));
  return { fn: m[1], args, rest: text.slice(m[0].length) };
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

const unsupported = (expression: string): TimeResult => ({
  ok: false,
  message: `unsupported time expression ${JSON.stringify(expression)}: use now() or date("…") with optional + or - duration("…")`,
});

// expr's date() with one argument tries RFC 3339 and the plain date / date-time forms, in UTC here.
function parseDate(args: string[]): TimeResult {
  const [text, layout, zone = 'UTC'] = args;
  if (text === undefined || args.length > 3) return { ok: false, message: 'date() takes a value, an optional layout and an optional zone' };
  const parsed = layout === undefined ? parseAnyDate(text) : DateTime.fromFormat(text, goLayoutToLuxon(layout), { zone, setZone: true });
  if (!parsed.isValid) return { ok: false, message: `cannot parse date ${JSON.stringify(text)}${layout === undefined ? '' : ` as ${JSON.stringify(layout)}`}` };
  return { ok: true, value: parsed.toUTC() };
}

function parseAnyDate(text: string): DateTime {
  const iso = DateTime.fromISO(text, { zone: 'UTC', setZone: true });
  return iso.isValid ? iso : DateTime.fromSQL(text, { zone: 'UTC', setZone: true });
}

// Go layout tokens (reference time Mon Jan 2 15:04:05 MST 2006) and their luxon equivalents,
// longest first so "2006" wins over "2" and "01" over "1".
const GO_TOKENS: readonly [string, string][] = [
  ['January', 'LLLL'], ['Monday', 'EEEE'], ['Z07:00', 'ZZ'], ['-07:00', 'ZZ'], ['-0700', 'ZZZ'],
  ['.000000000', '.SSS'], ['.000000', '.SSS'], ['.000', '.SSS'], ['2006', 'yyyy'], ['Jan', 'LLL'],
  ['Mon', 'EEE'], ['MST', 'z'], ['01', 'MM'], ['02', 'dd'], ['15', 'HH'], ['03', 'hh'], ['04', 'mm'],
  ['05', 'ss'], ['06', 'yy'], ['PM', 'a'], ['1', 'M'], ['2', 'd'], ['3', 'h'], ['4', 'm'], ['5', 's'],
];

/** "2006-01-02 15:04:05" → "yyyy'-'MM'-'dd' 'HH':'mm':'ss" (literals quoted for luxon). */
export function goLayoutToLuxon(layout: string): string {
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const token = GO_TOKENS.find(([go]) => rest.startsWith(go));
    const literal = rest[0] === "'" ? "''" : `'${rest[0]}'`;
    out += token ? token[1] : literal;
    rest = rest.slice(token ? token[0].length : 1);
  }
  return out;
}
