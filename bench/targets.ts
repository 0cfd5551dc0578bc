// The targets `npm run bench` holds the module to (issue 20), in one table, and the rows of its
// summary: each measured figure against its target, PASS or FAIL, and by how much a missed
// target was missed. A target is never loosened to pass.
import { kb, mb } from './stats';

export { kb, mb };

const KiB = 1024;
const MiB = 1024 * KiB;

export const TARGET = {
  /** Idempotent no-op over `node -e 0`, medians, as the module ships (with its code cache). */
  startupRatio: 1.15,
  /** AIX commands on a no-op, also with 300 unrelated files beside the image. */
  noopCommands: 0,
  /** AIX commands of a full check of an image the module does not know: one header read, one full read. */
  unknownCheckCommands: 2,
  /** Peak RSS of the module's process tree at 1 GB of verbose output; the simulator's Node.js stand-ins for the AIX commands are printed apart (bench/run.ts, memorySizeRows). */
  treePeakBytes: 64 * MiB,
  /** JSON result at 1 GB of verbose output. */
  resultBytes: 1 * MiB,
  bundleBytes: 90 * KiB,
  /** Fleet wall time, ours over community.general.mksysb. */
  fleetFirstRatio: 1.0,
  fleetRerunRatio: 0.5,
  fleetRerunBytes: 0,
} as const;

export interface Row {
  what: string;
  figure: string;
  target: string;
  /** null: not measured in this run, or reported without a target. */
  pass: boolean | null;
  /** How far a missed target was missed; empty otherwise. */
  missedBy: string;
  /** Printed beside the targets, with none of its own. */
  info?: true;
}

export type Show = (value: number) => string;

export const ratio: Show = (v) => `${v.toFixed(2)}x`;
export const bytes: Show = (n) => `${Math.round(n)} bytes`;
export const seconds: Show = (s) => `${s.toFixed(1)} s`;

function overBy(value: number, limit: number, show: Show): string {
  const excess = show(value - limit);
  return limit > 0 ? `${excess} over (+${(((value - limit) / limit) * 100).toFixed(0)}%)` : `${excess} over`;
}

/** A figure that must not exceed its limit; `figure` replaces the shown value when it says more. */
export function atMost(what: string, value: number, limit: number, show: Show, figure = show(value)): Row {
  const pass = value <= limit;
  return { what, figure, target: `<= ${show(limit)}`, pass, missedBy: pass ? '' : overBy(value, limit, show) };
}

/** A count that must be exactly `want`. */
export function exactly(what: string, value: number, want: number, figure = String(value), target = String(want)): Row {
  const pass = value === want;
  const diff = value - want;
  return { what, figure, target, pass, missedBy: pass ? '' : `${Math.abs(diff)} ${diff > 0 ? 'too many' : 'too few'}` };
}

/** A row this run did not measure, with the reason as its figure. */
export function notMeasured(what: string, target: string, why: string): Row {
  return { what, figure: `not measured: ${why}`, target, pass: null, missedBy: '' };
}

/** A figure printed beside the targets, with none of its own. */
export function reported(what: string, figure: string, note: string): Row {
  return { what, figure, target: note, pass: null, missedBy: '', info: true };
}

export const verdict = (r: Row): string => (r.info ? 'info' : r.pass === null ? 'n/a' : r.pass ? 'PASS' : 'FAIL');
