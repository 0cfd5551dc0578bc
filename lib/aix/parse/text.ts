// Text helpers for the parsers of AIX command output (their results are lib/result.ts's Result).

/** Longest piece of command output quoted back in an error message. */
const QUOTE_MAX = 120;

/**
 * Quote a line of command output inside an error message. Output can hold
 * megabyte-long lines, and an error message must stay readable.
 */
export function quoteLine(line: string): string {
  const clean = line.trimEnd();
  const shown = clean.length > QUOTE_MAX ? `${clean.slice(0, QUOTE_MAX)}... (${clean.length} characters)` : clean;
  return JSON.stringify(shown);
}

/**
 * Split command output into lines. AIX ends lines with LF; a CR is dropped
 * because copies made on other systems (and some terminals) add one.
 */
export function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
