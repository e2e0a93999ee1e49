/** The keys of `keys` that `value` sets to something other than undefined or null (Go's non-nil). */
export function presentKeys<K extends string>(value: object, keys: readonly K[]): K[] {
  const record = value as Readonly<Record<string, unknown>>;
  return keys.filter((key) => record[key] !== undefined && record[key] !== null);
}
