import type { DateTime } from 'luxon';

/** RFC 3339 in UTC at second precision, the one form status timestamps take. */
export function rfc3339(t: DateTime): string {
  return t.toUTC().set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) ?? '';
}
