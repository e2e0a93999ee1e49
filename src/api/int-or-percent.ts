// Int-or-string fields that count pods (maxSurge, maxUnavailable): how a value becomes a number,
// in one place for the planner (which scales it) and validation (which refuses what cannot scale).

/** An int-or-string field as it arrives from YAML: 3, "3", "25%". */
export type IntOrString = number | string;

// Go's strconv.Atoi: an optional sign and decimal digits, within int64.
const ATOI = /^[+-]?[0-9]+$/;

/**
 * An int-or-percent scaled against `total`, as the Kubernetes helper Argo calls does it: a number
 * is taken as is; any string is a percentage once every "%" is removed ("25%" and "25" alike), and
 * rounds up or down. 25% of 10 → 3 rounding up, 2 rounding down. Undefined when the string is not
 * an integer ("oops", "5x", "2.5%").
 */
export function getValueFromIntOrPercent(value: IntOrString, total: number, roundUp: boolean): number | undefined {
  if (typeof value === 'number') return value;
  const digits = value.replaceAll('%', '');
  if (!ATOI.test(digits)) return undefined;
  const percent = Number(digits);
  if (!Number.isSafeInteger(percent)) return undefined;
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
