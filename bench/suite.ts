// The duration of `npm test`, reported beside the other targets. The bench never runs the suite
// (minutes of both CPUs): whoever ran it gives its wall time, and the time before this work.
//
//   BENCH_SUITE_SECONDS=N           wall time of `npm test` now, e.g. from `time npm test`
//   BENCH_SUITE_BASELINE_SECONDS=N  wall time of `npm test` before the safety work, same machine
import { atMost, notMeasured, reported, seconds, type Row } from './targets';

const WHAT = '`npm test` wall time (given, not run here)';
const TARGET_TEXT = 'reported; <= the time before this work';

type Parsed = { ok: true; value: number | null } | { ok: false; error: string };

function secondsFrom(name: string): Parsed {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return { ok: true, value: null };
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) return { ok: false, error: `${name}=${JSON.stringify(text)} is not a number of seconds above 0; give e.g. ${name}=312.5` };
  return { ok: true, value };
}

export function suiteRow(): Row {
  const now = secondsFrom('BENCH_SUITE_SECONDS');
  const before = secondsFrom('BENCH_SUITE_BASELINE_SECONDS');
  if (!now.ok) throw new Error(now.error);
  if (!before.ok) throw new Error(before.error);
  if (now.value === null) return notMeasured(WHAT, TARGET_TEXT, 'set BENCH_SUITE_SECONDS (and BENCH_SUITE_BASELINE_SECONDS)');
  if (before.value === null) return reported(WHAT, `${seconds(now.value)} (no baseline: set BENCH_SUITE_BASELINE_SECONDS)`, TARGET_TEXT);
  return atMost(WHAT, now.value, before.value, seconds, `${seconds(now.value)} (before: ${seconds(before.value)})`);
}
