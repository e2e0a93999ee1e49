import { DateTime } from 'luxon';

/**
 * A duration the way kubectl's AGE column writes it: exact while short, coarser as it grows.
 * 90 s → "90s", 150 s → "2m30s", 5 h 10 m → "5h10m", 30 h → "30h", 3 d 4 h → "3d4h", 400 d → "400d",
 * 3 y 10 d → "3y10d". Up to one second in the future counts as now (clock skew); more is "<invalid>".
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return withRest(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  return hoursAndMore(Math.trunc(minutes / 60), minutes % 60);
}

function hoursAndMore(hours: number, restMinutes: number): string {
  if (hours < 8) return withRest(hours, 'h', restMinutes, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return withRest(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return withRest(years, 'y', days % 365, 'd');
  return `${years}y`;
}

function withRest(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}

/** The age of an object created at `timestamp` (RFC 3339), as of `now`; '' when unknown or unreadable. */
export function ageOf(timestamp: string | undefined, now: DateTime): string {
  if (!timestamp) return '';
  const created = DateTime.fromISO(timestamp, { setZone: true });
  if (!created.isValid) return '';
  return humanDuration(now.toMillis() - created.toMillis());
}
