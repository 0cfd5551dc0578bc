import { readFileSync } from 'fs';
import * as path from 'path';

const DIR = path.join(__dirname, '..', 'fixtures', 'aix');

/** A fixture exactly as copied from the reference (prompt lines included). */
export function fixture(name: string): string {
  return readFileSync(path.join(DIR, name), 'utf8');
}

/**
 * The reference blocks keep the prompt line (`# lsvg`, ` :>lsvg`) they were
 * shown with; this returns the output of the command typed at `command`.
 */
export function outputOf(name: string, command?: string): string {
  const lines = fixture(name).split('\n');
  const isPrompt = (l: string): boolean => /^(# |\s*:>)/.test(l);
  let start = 0;
  if (command !== undefined) {
    start = lines.findIndex((l) => isPrompt(l) && l.replace(/^(# |\s*:>)/, '').trim() === command);
    if (start < 0) throw new Error(`no prompt line for ${command} in ${name}`);
    start++;
  } else if (lines[0] !== undefined && isPrompt(lines[0])) {
    start = 1;
  }
  let end = start;
  while (end < lines.length && !isPrompt(lines[end]!)) end++;
  return lines.slice(start, end).join('\n') + (end < lines.length ? '\n' : '');
}
