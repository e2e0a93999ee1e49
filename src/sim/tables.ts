import { BUILTIN_COLUMNS, EVENT_COLUMNS, type BuiltinColumn } from './builtin-columns.js';
import { humanDuration } from './human-duration.js';
import { isJsonObject, objectAt, str, type JsonObject, type JsonValue } from './json.js';
import type { PrinterColumn, ResourceType } from './resource-type.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

const NAME_COLUMN: ColumnDefinition = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 };

/** Reads a kubectl-style JSONPath of the simple forms printer columns use: `.status.replicas`, `.spec.containers[0].image`. */
export function simpleJsonPath(obj: JsonValue, path: string): JsonValue | undefined {
  const expr = path.trim().replace(/^\{(.*)\}$/, '$1').replace(/^\$/, '');
  const segments = expr.match(/\.([^.[\]]+)|\[(\d+|\*|'[^']*'|"[^"]*")\]/g) ?? [];
  let cur: JsonValue | undefined = obj;
  for (const seg of segments) {
    if (cur === undefined || cur === null) return undefined;
    cur = step(cur, seg);
  }
  return cur;
}

function step(cur: JsonValue, seg: string): JsonValue | undefined {
  if (seg.startsWith('.')) return isJsonObject(cur) ? cur[seg.slice(1)] : undefined;
  const inner = seg.slice(1, -1);
  if (!Array.isArray(cur)) return isJsonObject(cur) ? cur[inner.replace(/^['"]|['"]$/g, '')] : undefined;
  return inner === '*' ? cur[0] : cur[Number(inner)];
}

type CellValue = Exclude<JsonValue, null>;

// Cells of the typed printer columns: a value of the wrong type shows as an empty cell (null).
const TYPED_CELLS = new Map<string, (value: CellValue, now: Date) => JsonValue>([
  ['integer', (v) => (typeof v === 'number' ? Math.trunc(v) : null)],
  ['number', (v) => (typeof v === 'number' ? v : null)],
  ['boolean', (v) => (typeof v === 'boolean' ? v : null)],
  ['date', (v, now) => (typeof v === 'string' ? ageOf(v, now) : null)],
]);

// Any other column type shows the value as text, compound values as JSON.
function textCell(value: CellValue): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function customCell(col: PrinterColumn, obj: JsonObject, now: Date): JsonValue {
  const value = simpleJsonPath(obj, col.jsonPath);
  if (value === undefined || value === null) return null;
  const typed = TYPED_CELLS.get(col.type);
  return typed ? typed(value, now) : textCell(value);
}

function ageOf(ts: JsonValue | undefined, now: Date): string {
  if (typeof ts !== 'string') return '<unknown>';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<invalid>' : humanDuration(now.getTime() - t);
}

function definitions(t: ResourceType): ColumnDefinition[] {
  if (!t.builtin) {
    const custom = t.printerColumns ?? [];
    const cols = custom.length ? custom : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
    return [NAME_COLUMN, ...cols.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 }))];
  }
  if (t.kind === 'Event') return [...EVENT_COLUMNS.map(toDefinition), { ...NAME_COLUMN, priority: 1 }];
  return [NAME_COLUMN, ...(BUILTIN_COLUMNS[t.kind] ?? [ageColumn()]).map(toDefinition)];
}

function ageColumn(): BuiltinColumn {
  return { name: 'Age', type: 'string', priority: 0, description: 'Age', cell: (o, a) => a(objectAt(o, 'metadata').creationTimestamp) };
}

function toDefinition(c: BuiltinColumn): ColumnDefinition {
  return { name: c.name, type: c.type, format: '', description: c.description, priority: c.priority };
}

function cells(t: ResourceType, obj: JsonObject, now: Date): JsonValue[] {
  const name = str(objectAt(obj, 'metadata').name);
  const age = (ts: JsonValue | undefined): string => ageOf(ts, now);
  if (!t.builtin) {
    const custom = t.printerColumns?.length ? t.printerColumns : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
    return [name, ...custom.map((c) => customCell(c, obj, now))];
  }
  if (t.kind === 'Event') return [...EVENT_COLUMNS.map((c) => c.cell(obj, age)), name];
  return [name, ...(BUILTIN_COLUMNS[t.kind] ?? [ageColumn()]).map((c) => c.cell(obj, age))];
}

function rowObject(obj: JsonObject, include: IncludeObject): JsonObject | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: objectAt(obj, 'metadata') };
}

/** A meta.k8s.io/v1 Table of objects, as kube-apiserver answers `Accept: ...;as=Table`. */
export function toTable(t: ResourceType, objects: JsonObject[], options: { now: Date; include: IncludeObject; listMeta?: JsonObject; headers?: boolean }): JsonObject {
  const rows = objects.map((o) => {
    const row: JsonObject = { cells: cells(t, o, options.now) };
    const object = rowObject(o, options.include);
    if (object) row.object = object;
    return row;
  });
  const columnDefinitions = options.headers === false ? [] : (definitions(t) as unknown as JsonValue[]);
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: options.listMeta ?? {}, columnDefinitions, rows };
}
