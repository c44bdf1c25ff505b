/** One line of `describe` output: a `Key:` and its value, a free text line, or a blank. */
type Line =
  | { kind: 'field'; indent: number; key: string; value: string }
  | { kind: 'text'; indent: number; text: string }
  | { kind: 'blank' };

/**
 * Collects `Key: value` lines and aligns the values of each paragraph (lines between blanks)
 * in one column, as `oc describe` does.
 */
export class DescribeWriter {
  private readonly lines: Line[] = [];

  field(key: string, value: string | number | undefined | null, indent = 0): this {
    const text = value === undefined || value === null || value === '' ? '<none>' : String(value);
    this.lines.push({ kind: 'field', indent, key, value: text });
    return this;
  }

  /** A field left out when there is nothing to say. */
  optional(key: string, value: string | number | undefined | null, indent = 0): this {
    return value === undefined || value === null || value === ''
      ? this
      : this.field(key, value, indent);
  }

  /** `Key:` alone, introducing the indented fields below it. */
  heading(key: string, indent = 0): this {
    return this.text(`${key}:`, indent);
  }

  text(text: string, indent = 0): this {
    for (const line of text.replace(/\n$/, '').split('\n')) {
      this.lines.push({ kind: 'text', indent, text: line });
    }
    return this;
  }

  blank(): this {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1]?.kind !== 'blank') {
      this.lines.push({ kind: 'blank' });
    }
    return this;
  }

  render(): string {
    const out: string[] = [];
    let paragraph: Line[] = [];
    const flush = () => {
      const keyWidth = Math.max(
        0,
        ...paragraph.map((l) => (l.kind === 'field' ? l.indent + l.key.length + 1 : 0)),
      );
      for (const line of paragraph) {
        if (line.kind === 'field') {
          const key = `${' '.repeat(line.indent)}${line.key}:`;
          out.push(`${key.padEnd(keyWidth)}  ${line.value}`.trimEnd());
        } else if (line.kind === 'text') {
          out.push(`${' '.repeat(line.indent)}${line.text}`.trimEnd());
        }
      }
      paragraph = [];
    };
    for (const line of this.lines) {
      if (line.kind === 'blank') {
        flush();
        out.push('');
      } else {
        paragraph.push(line);
      }
    }
    flush();
    while (out[out.length - 1] === '') {
      out.pop();
    }
    return `${out.join('\n')}\n`;
  }
}
