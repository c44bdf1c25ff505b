/** A GitHub-flavoured Markdown table: readable on a terminal and pasted as is into RESULTS.md. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/** Milliseconds as people read them: `850 ms`, `12.3 s`. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) {
    return '–';
  }
  return Math.abs(value) < 10_000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

/** Bytes in binary units: `0 B`, `1.5 MiB`. */
export function bytes(value: number): string {
  if (!Number.isFinite(value)) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = value;
  let unit = 0;
  while (Math.abs(v) >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit++;
  }
  return unit === 0 ? `${v} B` : `${v.toFixed(1)} ${units[unit] ?? ''}`;
}

export const ratio = (a: number, b: number): string =>
  Number.isFinite(a / b) ? (a / b).toFixed(2) : '–';

/** `median (min–max)`, the cell of a timing over several runs. */
export const spread = (s: { median: number; min: number; max: number }): string =>
  `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
