import type { DateTime } from 'luxon';

// A plan formats its one `now` for every condition it touches; luxon DateTimes are immutable, so
// each is formatted once.
const formatted = new WeakMap<DateTime, string>();

/** RFC 3339 in UTC at second precision, the one form status timestamps take. */
export function rfc3339(t: DateTime): string {
  let text = formatted.get(t);
  if (text === undefined) {
    text = t.toUTC().set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) ?? '';
    formatted.set(t, text);
  }
  return text;
}
