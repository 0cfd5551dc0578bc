// Fault injection. Definitions live in the state (set by `aix-sim fault`); how many times each
// one fired is appended to a separate file, so a read-only command that consumes a one-shot
// fault still leaves the LPAR state untouched.
import { appendFileSync, readFileSync } from 'node:fs';
import { withLock } from './lock';
import { faultUsesPath, lockPath } from './paths';
import { loadState } from './state';
import type { Fault } from './types';

function uses(root: string): Map<number, number> {
  const counts = new Map<number, number>();
  let text: string;
  try {
    text = readFileSync(faultUsesPath(root), 'utf8');
  } catch {
    return counts;
  }
  for (const id of text.split('\n')) if (id) counts.set(Number(id), (counts.get(Number(id)) ?? 0) + 1);
  return counts;
}

export const remaining = (f: Fault, used: Map<number, number>): number | null =>
  f.times === null ? null : Math.max(0, f.times - (used.get(f.id) ?? 0));

/** Faults that apply to this run of `cmd`; each one-shot use is counted. */
export function takeFaults(root: string, cmd: string): Fault[] {
  if (!loadState(root).faults.some((f) => f.cmd === cmd)) return [];
  return withLock(lockPath(root), () => {
    const used = uses(root);
    const fired = loadState(root).faults.filter((f) => f.cmd === cmd && remaining(f, used) !== 0);
    for (const f of fired) appendFileSync(faultUsesPath(root), `${f.id}\n`);
    return fired;
  });
}

export const faultUses = uses;
