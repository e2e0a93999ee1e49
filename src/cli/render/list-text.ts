import type { RolloutListRow } from '../../view/view-types.js';
import { formatTable, padRight } from './text-table.js';

const HEADER = ['NAME', 'STRATEGY', 'STATUS', 'STEP', 'SET-WEIGHT', 'READY', 'DESIRED', 'UP-TO-DATE', 'AVAILABLE'];
// Argo pads each value to about its header's width, so columns line up even across watch updates.
const WIDTHS = [10, 9, 12, 4, 10, 5, 7, 10, 9];

/** `list rollouts` as Argo prints it, with a NAMESPACE column for --all-namespaces. */
export function renderRolloutList(rows: readonly RolloutListRow[], allNamespaces: boolean): string {
  const lines = rows.map((r) => {
    const values = [r.name, r.strategy, r.status, r.step, r.setWeight, r.readyCurrent, String(r.desired), String(r.upToDate), String(r.available)];
    const cells = values.map((v, i) => padRight(v, WIDTHS[i] ?? 0));
    return allNamespaces ? [padRight(r.namespace, 9), ...cells] : cells;
  });
  return formatTable([allNamespaces ? ['NAMESPACE', ...HEADER] : HEADER, ...lines]);
}
