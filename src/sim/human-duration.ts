/**
 * kube's HumanDuration: the compact ages kubectl shows. Each unit is shown with the next smaller
 * one while it is small, then alone: 45s, 119s, 3m20s, 45m, 5h30m, 36h, 3d4h, 12d, 2y30d, 9y.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  // A clock slightly behind the object's creation shows 0s; more than a second behind is an error.
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return withRemainder(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  return humanHours(Math.floor(minutes / 60), minutes % 60);
}

// Three hours and more: 5h30m, 36h, 3d4h, 12d, 2y30d, 9y.
function humanHours(hours: number, minutesLeft: number): string {
  if (hours < 8) return withRemainder(hours, 'h', minutesLeft, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return withRemainder(days, 'd', hours % 24, 'h');
  if (days < 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (years < 8) return withRemainder(years, 'y', days % 365, 'd');
  return `${years}y`;
}

// "3m20s", or just "3m" when nothing is left over.
function withRemainder(whole: number, unit: string, rest: number, restUnit: string): string {
  return rest === 0 ? `${whole}${unit}` : `${whole}${unit}${rest}${restUnit}`;
}
