// Column alignment as Go's text/tabwriter does it for Argo's plugin (padding 2, spaces): each cell but
// the last of a line is padded to the widest cell of its column. Widths ignore ANSI colour codes.

// Built from a string: a control character in a regex literal reads as a mistake.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The width a terminal gives `text`: code points, colour codes excluded. */
export function displayWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** Lines of aligned cells, trailing blanks trimmed, each ending in a newline. */
export function formatTable(rows: readonly (readonly string[])[], padding = 2): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  }
  return rows
    .map((row) => {
      const cells = row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) + padding - displayWidth(cell))));
      return `${cells.join('').trimEnd()}\n`;
    })
    .join('');
}

/** Go's "%-Ns": `text` padded with spaces to `width` code points. */
export function padRight(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
