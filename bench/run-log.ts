// Reads back how many bytes each AIX command printed, from the module's run log: every command
// is framed there by `=== <time> $ <argv>` and `=== rc=...` lines, with all its output between.
// The file is scanned in fixed chunks, so a gigabyte of log costs the bench no memory.
import { closeSync, openSync, readSync } from 'node:fs';

export interface LoggedCommand {
  argv: string;
  bytes: number;
}

const MARK = Buffer.from('\n=== ');

export function commandOutputs(logFile: string): LoggedCommand[] {
  const fd = openSync(logFile, 'r');
  try {
    const marks = findMarks(fd);
    const out: LoggedCommand[] = [];
    let open: { argv: string; from: number } | null = null;
    for (const at of marks) {
      const line = readLine(fd, at + 1);
      if (line.startsWith('=== rc=') && open) {
        out.push({ argv: open.argv, bytes: at - open.from });
        open = null;
      } else {
        const dollar = line.indexOf(' $ ');
        if (dollar >= 0) open = { argv: line.slice(dollar + 3), from: at + 1 + Buffer.byteLength(line) + 1 };
      }
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Offsets of every "\n=== " in the file. */
function findMarks(fd: number): number[] {
  const buf = Buffer.alloc(4 << 20);
  const marks: number[] = [];
  let base = 0;
  let carry = 0;
  for (;;) {
    const n = readSync(fd, buf, carry, buf.length - carry, base + carry);
    const end = carry + n;
    for (let i = buf.indexOf(MARK); i >= 0 && i + MARK.length <= end; i = buf.indexOf(MARK, i + 1)) marks.push(base + i);
    if (n === 0) return marks;
    // Keep the last bytes, in case a mark straddles two chunks.
    carry = Math.min(MARK.length - 1, end);
    buf.copy(buf, 0, end - carry, end);
    buf.fill(0, carry);
    base += end - carry;
  }
}

function readLine(fd: number, at: number): string {
  const b = Buffer.alloc(4096);
  const n = readSync(fd, b, 0, b.length, at);
  const text = b.subarray(0, n).toString('utf8');
  const nl = text.indexOf('\n');
  return nl >= 0 ? text.slice(0, nl) : text;
}
