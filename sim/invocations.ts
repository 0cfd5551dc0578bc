// The invocation log: two JSON lines per run, appended with O_APPEND (one write each, so lines
// from concurrent runs never interleave). The start record (end and rc null) is what lets a
// test see runs that overlap or that never finished.
import { appendFileSync, readFileSync } from 'node:fs';
import { invocationsPath } from './paths';

export interface Invocation {
  cmd: string;
  argv: string[];
  pid: number;
  start: number;
  end: number | null;
  rc: number | null;
  mutates: boolean;
  /** Set when the run died from a signal (kill fault). */
  signal?: string;
}

export function logInvocation(root: string, rec: Invocation): void {
  appendFileSync(invocationsPath(root), `${JSON.stringify(rec)}\n`);
}

/** One record per run: the end record when there is one, else the start record. */
export function readInvocations(root: string): Invocation[] {
  let text: string;
  try {
    text = readFileSync(invocationsPath(root), 'utf8');
  } catch {
    return [];
  }
  const runs = new Map<string, Invocation>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const rec = JSON.parse(line) as Invocation;
    const key = `${rec.pid}:${rec.start}`;
    if (!runs.has(key) || rec.end !== null) runs.set(key, rec);
  }
  return [...runs.values()].sort((a, b) => a.start - b.start);
}
