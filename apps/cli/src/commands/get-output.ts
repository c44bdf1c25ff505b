import type { ResourceType } from '../api/resources.js';
import type { CommandContext } from '../context.js';
import { columnsFor, tableHeaders, tableRow } from '../output/columns.js';
import {
  formatDocument,
  listDocument,
  nameOf,
  withTypeMeta,
  type OutputFormat,
} from '../output/print.js';
import { columnWidths, formatRow, formatTable } from '../output/table.js';

/** What `get` read for one type. */
export type Fetched = { type: ResourceType; single: boolean; objects: object[] };

export type GetFormat = { format?: OutputFormat; headers: boolean };

/** Prints what `get` read: one table per type (blank line between), or yaml, json or names. */
export function printFetched(
  ctx: CommandContext,
  options: GetFormat,
  fetched: Fetched[],
): number[] {
  const { format } = options;
  if (format === 'yaml' || format === 'json') {
    const items = fetched.flatMap((f) => f.objects.map((o) => withTypeMeta(f.type, o)));
    const [only] = items;
    const single =
      fetched.length === 1 && fetched[0]?.single === true && only && items.length === 1;
    ctx.env.stdout.write(formatDocument(single ? only : listDocument(items), format));
    return [];
  }
  let widths: number[] = [];
  let tables = 0;
  for (const f of fetched) {
    if (format === 'name') {
      f.objects.forEach((o) => ctx.out(nameOf(f.type, o)));
      continue;
    }
    if (f.objects.length === 0) {
      continue;
    }
    const columns = columnsFor(f.type);
    const wide = format === 'wide';
    const now = ctx.env.now();
    const table = {
      headers: tableHeaders(columns, wide),
      rows: f.objects.map((o) => tableRow(columns, o, now, wide)),
    };
    if (tables++ > 0) {
      ctx.out();
    }
    formatTable(table, { headers: options.headers }).forEach((line) => ctx.out(line));
    widths = columnWidths(table);
  }
  return widths;
}

/**
 * Prints objects as a watch reports them, one row each, keeping the columns of the table
 * printed before (widening them only when a row needs it).
 */
export class WatchPrinter {
  constructor(
    private readonly ctx: CommandContext,
    private readonly type: ResourceType,
    private readonly options: GetFormat,
    private widths: number[],
  ) {}

  print(object: object): void {
    const { format } = this.options;
    if (format === 'name') {
      this.ctx.out(nameOf(this.type, object));
      return;
    }
    if (format === 'yaml' || format === 'json') {
      const document = formatDocument(withTypeMeta(this.type, object), format);
      this.ctx.env.stdout.write(format === 'yaml' ? `---\n${document}` : document);
      return;
    }
    const columns = columnsFor(this.type);
    const wide = format === 'wide';
    const cells = tableRow(columns, object, this.ctx.env.now(), wide);
    const headers = tableHeaders(columns, wide);
    const firstRow = this.widths.length === 0;
    const needed = columnWidths({ headers: firstRow ? headers : cells, rows: [cells] });
    this.widths = needed.map((w, i) => Math.max(w, this.widths[i] ?? 0));
    if (firstRow && this.options.headers) {
      this.ctx.out(formatRow(headers, this.widths));
    }
    this.ctx.out(formatRow(cells, this.widths));
  }
}
