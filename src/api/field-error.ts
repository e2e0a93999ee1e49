// Spec errors rendered as Kubernetes renders its field errors (k8s.io/apimachinery field.Error),
// which is the text Argo puts in the InvalidSpec condition. A bad value is printed the way Go's
// fmt prints it: a string quoted, a number bare, anything else in Go syntax (%#v), e.g.
//   spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`

/** One problem in a spec; `value` is already rendered in Go's syntax. */
export interface SpecError {
  field: string;
  kind: 'Invalid' | 'Required';
  value?: string;
  message: string;
}

/** "spec.x: Invalid value: 3: must be …" / "spec.x: Required value: …" (field.Error.Error()). */
export function formatSpecError(e: SpecError): string {
  if (e.kind === 'Required') return `${e.field}: Required value${e.message ? `: ${e.message}` : ''}`;
  return `${e.field}: Invalid value: ${e.value ?? 'null'}: ${e.message}`;
}

/** field.Invalid with a value rendered by one of the go* helpers below. */
export function invalid(field: string, value: string, message: string): SpecError {
  return { field, kind: 'Invalid', value, message };
}

/** field.Required. */
export function required(field: string, message: string): SpecError {
  return { field, kind: 'Required', message };
}

/** A Go string as %q prints it: "abc". */
export function goString(value: string): string {
  return JSON.stringify(value);
}

/** A Go number or bool as %v prints it: 3, true. */
export function goScalar(value: number | boolean): string {
  return String(value);
}

/**
 * A Go map[string]string as %#v prints it: keys sorted, `map[string]string{"a":"1", "b":"2"}`;
 * an empty map is `map[string]string{}` and an absent (nil) one `map[string]string(nil)`.
 */
export function goStringMap(map: Record<string, string> | undefined): string {
  if (!map) return 'map[string]string(nil)';
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/**
 * An empty metav1.LabelSelector as %#v prints it (the only selector a rule reports):
 * `v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
 */
export function goEmptyLabelSelector(selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }): string {
  const expressions = selector.matchExpressions ? '[]v1.LabelSelectorRequirement{}' : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(selector.matchLabels)}, MatchExpressions:${expressions}}`;
}

/** An intstr.IntOrString as %#v prints it: 0 → `intstr.IntOrString{Type:0, IntVal:0, StrVal:""}`, "0%" → Type 1. */
export function goIntOrString(value: number | string): string {
  if (typeof value === 'number') return `intstr.IntOrString{Type:0, IntVal:${value}, StrVal:""}`;
  return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(value)}}`;
}
