// Reading Datadog's answers as Argo's datadog provider binds them.
// v1 (GET /api/v1/query): `result` is the value of the LAST point of the FIRST series; no series or
//   no points → `result` null (conditions use `default(result, 0)` or `isNil(result)`), `value` the
//   series as JSON ("[]").
// v2 (POST /api/v2/query/scalar): the first number column. Ungrouped → `result` is its first value
//   (a number); grouped (`by {tag}`) → `result` is the list of values and metadata `groups` pairs each
//   value with its tags (at most 100 entries, the extremes kept); null values ("no data for this
//   group") are skipped; no values → `result` null, `value` "[]".
import { formatGoFloat, marshalGoJson } from './go-format.js';
import type { ProviderOutcome } from './provider.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const error = (message: string): ProviderOutcome => ({ kind: 'error', message });

/** Go's encoding/json matches struct fields case-insensitively: `series` or `Series`. */
function field(object: unknown, name: string): unknown {
  if (!isRecord(object)) return undefined;
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (err) {
    return { ok: false, message: `Could not parse JSON body: ${err instanceof Error ? err.message : String(err)}` };
  }
}

type Point = number[];

/** The series' point lists as Go decodes `[][]float64` (a JSON null number decodes to 0), or undefined when the shape is wrong. */
function pointLists(series: unknown[]): (Point[] | null)[] | undefined {
  const lists = series.map((s) => field(s, 'pointlist') ?? null);
  const valid = lists.every((l) => l === null || (Array.isArray(l) && l.every((p) => Array.isArray(p) && p.every((n) => n === null || typeof n === 'number'))));
  if (!valid) return undefined;
  return lists.map((l) => (l === null ? null : (l as (number | null)[][]).map((p) => p.map((n) => n ?? 0))));
}

/** A v1 answer with status 200. */
export function outcomeFromV1(body: string): ProviderOutcome {
  const parsed = parseJson(body);
  if (!parsed.ok) return error(parsed.message);
  const series = seriesOf(parsed.value);
  if (typeof series === 'string') return error(series);
  const points = series.lists[0];
  if (points === undefined || points === null || points.length === 0) {
    // Argo writes the (empty) series as JSON: "[]", or "null" when the answer had none.
    const value = series.absent ? 'null' : marshalGoJson(series.lists.map((pointlist) => ({ pointlist })));
    return { kind: 'value', result: null, value };
  }
  const last = points[points.length - 1];
  if (last.length !== 2) return error('Datapoint does not have 2 values');
  return { kind: 'value', result: last[1], value: formatGoFloat(last[1]) };
}

function seriesOf(answer: unknown): { lists: (Point[] | null)[]; absent: boolean } | string {
  const series = field(answer, 'series') ?? null;
  if (series !== null && !Array.isArray(series)) return 'Could not parse JSON body: series is not a list';
  const lists = pointLists(series ?? []);
  if (lists === undefined) return 'Could not parse JSON body: a pointlist is not a list of [time, value] points';
  return { lists, absent: series === null };
}

interface Column {
  name: string;
  type: string;
  values: unknown[];
}

function columnsOf(data: unknown): Column[] {
  const columns = field(field(data, 'attributes'), 'columns');
  if (!Array.isArray(columns)) return [];
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return columns.map((c) => {
    const values = field(c, 'values');
    return { name: text(field(c, 'name')), type: text(field(c, 'type')), values: Array.isArray(values) ? values : [] };
  });
}

interface Extracted {
  values: number[];
  groups: { name: string; value: number }[];
  grouped: boolean;
}

// The first number column (an untyped column counts, as in older answers) and every group column.
function extractValues(columns: Column[]): Extracted | string {
  const numbers = columns.find((c) => c.type === '' || c.type === 'number');
  const groupColumns = columns.filter((c) => c.type === 'group');
  const out: Extracted = { values: [], groups: [], grouped: groupColumns.length > 0 };
  for (const [index, raw] of (numbers?.values ?? []).entries()) {
    if (raw === null) continue;
    if (typeof raw !== 'number') return `could not parse numeric value ${JSON.stringify(JSON.stringify(raw))} in column "${numbers?.name ?? ''}"`;
    out.values.push(raw);
    if (!out.grouped) continue;
    const name = groupNameAt(groupColumns, index);
    if (name === undefined) return `could not parse group label at index ${index}`;
    out.groups.push({ name, value: raw });
  }
  return out;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((t) => typeof t === 'string');

// `by {region, host}` gives one group column per tag; a row's label joins them: "us-east,host-a".
function groupNameAt(columns: Column[], index: number): string | undefined {
  const parts: string[] = [];
  for (const column of columns) {
    const tags = column.values[index];
    if (!isStrings(tags) || tags.length === 0) return undefined;
    parts.push(...tags);
  }
  return parts.join(',');
}

const MAX_GROUPS_IN_METADATA = 100;

// metadata.groups is for display only; beyond 100 groups keep the 50 lowest and 50 highest values,
// so the outlier stays visible whichever way the condition points.
function groupsMetadata(groups: Extracted['groups']): Record<string, string> {
  if (groups.length <= MAX_GROUPS_IN_METADATA) return { groups: marshalGoJson(groups) };
  const sorted = [...groups].sort((a, b) => a.value - b.value);
  const low = MAX_GROUPS_IN_METADATA / 2;
  const kept = [...sorted.slice(0, low), ...sorted.slice(sorted.length - (MAX_GROUPS_IN_METADATA - low))];
  return { groups: marshalGoJson(kept), groups_truncated: 'true' };
}

/** A v2 scalar answer with status 200. */
export function outcomeFromV2(body: string): ProviderOutcome {
  const parsed = parseJson(body);
  if (!parsed.ok) return error(parsed.message);
  const data = field(parsed.value, 'data');
  const errors = field(data, 'errors');
  if (typeof errors === 'string' && errors !== '') return error(`There were errors in your query: ${errors}`);
  const extracted = extractValues(columnsOf(data));
  if (typeof extracted === 'string') return error(extracted);
  const { values, groups, grouped } = extracted;
  if (values.length === 0) return { kind: 'value', result: null, value: '[]' };
  if (!grouped) return { kind: 'value', result: values[0], value: formatGoFloat(values[0]) };
  return { kind: 'value', result: values, value: `[${values.map(formatGoFloat).join(',')}]`, metadata: groupsMetadata(groups) };
}
