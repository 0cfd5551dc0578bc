/**
 * Whitespace-separated fields of one line, with where each starts, so a parser
 * can take "the rest of the line" after a known number of leading fields.
 * Real AIX tables are fixed-column but overflow (a long DISTRIBUTION pushes
 * MOUNT POINT right), and copies in docs use other spacing or tabs, so rows
 * are read by whitespace rather than by header positions.
 */
export interface Field {
  text: string;
  start: number;
}

export function fieldsOf(line: string): Field[] {
  const out: Field[] = [];
  // Linear scan: no regex backtracking on very long lines.
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) out.push({ text: m[0], start: m.index });
  return out;
}

/** Everything from field `index` to the end of the line, trailing spaces removed. */
export function restOfLine(line: string, fields: Field[], index: number): string {
  const f = fields[index];
  return f === undefined ? '' : line.slice(f.start).trimEnd();
}

export function isCount(text: string): boolean {
  return /^\d{1,15}$/.test(text);
}
