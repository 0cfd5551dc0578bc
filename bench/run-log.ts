// Reads back how many bytes the AIX commands printed, from the module's run log: every command
// is framed there by `=== <time> $ <argv>` and `=== rc=...` lines, with all its output between.
// A log keeps its first 8 MB and its last part only, behind a line `=== log cut: ... N bytes
// after them are left out ...`: a command seen whole is counted exactly, and the cut's N counts
// toward the total, but not toward any one command (the cut may span several).
// The file is scanned in fixed chunks, so a gigabyte of log costs the bench no memory.
import { closeSync, openSync, readSync } from 'node:fs';

export interface LoggedCommand {
  argv: string;
  bytes: number;
}

export interface LoggedOutput {
  /** Commands whose whole output is in the log. */
  whole: LoggedCommand[];
  /** What every command printed, the bytes the cut left out included (and a few framing lines of commands inside it). */
  totalBytes: number;
  /** Bytes the log's cut left out; 0 for a log that was not cut. */
  cutBytes: number;
}

const MARK = Buffer.from('\n=== ');
const CUT = /^=== log cut: .* (\d+) bytes after them are left out/;

export function commandOutputs(logFile: string): LoggedOutput {
  const fd = openSync(logFile, 'r');
  try {
    const whole: LoggedCommand[] = [];
    let open: { argv: string | null; from: number } | null = null;
    let visible = 0;
    let cutBytes = 0;
    for (const at of findMarks(fd)) {
      const line = readLine(fd, at + 1);
      const next = at + 1 + Buffer.byteLength(line) + 1;
      const cut = CUT.exec(line);
      if (cut) {
        cutBytes += Number(cut[1]);
        if (open) visible += at - open.from;
        // What follows the cut is the output of a command whose start may be cut away.
        open = { argv: null, from: next };
      } else if (line.startsWith('=== rc=') && open) {
        visible += at - open.from;
        if (open.argv !== null) whole.push({ argv: open.argv, bytes: at - open.from });
        open = null;
      } else {
        const dollar = line.indexOf(' $ ');
        if (dollar >= 0) open = { argv: line.slice(dollar + 3), from: next };
      }
    }
    return { whole, totalBytes: visible + cutBytes, cutBytes };
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
