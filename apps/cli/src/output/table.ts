/** The gap kubectl's tab writer leaves after the widest cell of a column. */
const padding = 3;
/** No column (cell plus gap) is narrower than this. */
const minimumWidth = 6;

export type Table = { headers: readonly string[]; rows: readonly (readonly string[])[] };

/** Column widths, gap included, for every column but the last (which is never padded). */
export function columnWidths(table: Table): number[] {
  const all = [table.headers, ...table.rows];
  return table.headers.map((_, column) =>
    Math.max(minimumWidth, ...all.map((row) => (row[column] ?? '').length + padding)),
  );
}

/** One aligned line; trailing blanks (an empty last cell) are trimmed. */
export function formatRow(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
    .join('')
    .trimEnd();
}

/** Lines aligned as `oc get` prints them: left-aligned, three spaces between columns. */
export function formatTable(table: Table, options: { headers?: boolean } = {}): string[] {
  const widths = columnWidths(table);
  const lines = table.rows.map((row) => formatRow(row, widths));
  return options.headers === false ? lines : [formatRow(table.headers, widths), ...lines];
}
