// `npm run bench`: builds, then measures what the module costs on every host for every task and
// prints each figure against its target (bench/targets.ts): PASS, FAIL and by how much, or n/a
// where this run did not measure it.
//
//   BENCH_QUICK=1         skip the 1 GB verbose case and the fleet (the longest parts, minutes each)
//   BENCH_ROUNDS=N        timed rounds of the start-up comparison (default 60, after 5 warm-up rounds)
//   BENCH_FLEET_ROUNDS=N  rounds of the fleet comparison (default 3; two fresh 20-LPAR fleets each)
//   BENCH_SUITE_SECONDS=N, BENCH_SUITE_BASELINE_SECONDS=N  `npm test`'s wall time now and before
//                         the safety work, for its row (bench/suite.ts); the bench never runs it
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCommands, type Counted } from './commands';
import { measureCrowded, type NoopCount } from './crowded';
import { fleetNotMeasured, fleetRows } from './fleet-report';
import { measureMemory, TIME, type MemoryFigures } from './memory';
import { measureSize, sizeReport } from './size';
import { measureStartup } from './startup';
import { ms } from './stats';
import { suiteRow } from './suite';
import { atMost, exactly, kb, mb, notMeasured, ratio, reported, TARGET, verdict, type Row } from './targets';
import { buildTools, type Tools } from './tools';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const say = (text: string): void => void process.stdout.write(`${text}\n`);

function bundleRows(): Row[] {
  const size = measureSize();
  say(['\n# Bundle', ...sizeReport(size)].join('\n'));
  return [atMost('size of dist/modules/backup.js', size.bytes, TARGET.bundleBytes, kb, `${kb(size.bytes)} (${size.ratio.toFixed(2)}x Python payload)`)];
}

function startupRows(tools: Tools, scratch: string, rounds: number): Row[] {
  say(`\n# Idempotent no-op vs node -e 0 (${rounds} interleaved rounds, 5 warm-up)`);
  const st = measureStartup(tools.timer, scratch, rounds, 5);
  say(`module no-op, code cache usable (as shipped): median ${ms(st.module.median)}, p90 ${ms(st.module.p90)}, min ${ms(st.module.min)}`);
  say(`module no-op, code cache refused            : median ${ms(st.withoutCache.median)}, p90 ${ms(st.withoutCache.p90)}, min ${ms(st.withoutCache.min)}`);
  say(`node -e 0                                   : median ${ms(st.bare.median)}, p90 ${ms(st.bare.p90)}, min ${ms(st.bare.min)}`);
  say(`cache files after the timed runs: ${st.cacheFiles.withCache} with the usable cache directory, ${st.cacheFiles.withoutCache} with the refused one`);
  if (st.bareWithCaCerts) {
    say(`node -e 0 with NODE_EXTRA_CA_CERTS as set here: median ${ms(st.bareWithCaCerts.median)} (+${ms(st.bareWithCaCerts.median - st.bare.median)}; left out of both sides above)`);
  }
  say(`AIX commands on the no-op: ${st.resultCommands} in the result's commands, ${st.simInvocations} logged by the simulator over ${st.timedRuns} timed runs`);
  const shipped = atMost('no-op / node -e 0, with code cache (shipped)', st.ratio, TARGET.startupRatio, ratio, `${ratio(st.ratio)} (${ms(st.module.median)} / ${ms(st.bare.median)})`);
  // Without a cache file the "shipped" side did not run as shipped; with one, the other side did not run without.
  const usedCache = st.cacheFiles.withCache > 0 && st.cacheFiles.withoutCache === 0;
  return [
    usedCache ? shipped : { ...shipped, pass: false, missedBy: `cache files ${st.cacheFiles.withCache} / ${st.cacheFiles.withoutCache}: expected some / 0` },
    reported('no-op / node -e 0, without code cache', `${ratio(st.withoutCacheRatio)} (${ms(st.withoutCache.median)} / ${ms(st.bare.median)})`, `info (target ${ratio(TARGET.startupRatio)} is on the shipped row)`),
    exactly('AIX commands on the no-op (result + simulator log)', st.resultCommands + st.simInvocations, TARGET.noopCommands, `${st.resultCommands} (result), ${st.simInvocations} (simulator, ${st.timedRuns} runs)`),
  ];
}

/** Warnings beyond the simulated root's, each cut to a line. */
const otherWarnings = (n: NoopCount): string[] =>
  n.warnings.filter((w) => !w.startsWith('AIX_ROOT is set')).map((w) => (w.length > 240 ? `${w.slice(0, 240)}...` : w));

function crowdedRows(scratch: string): Row[] {
  const c = measureCrowded(scratch);
  say(`\n# No-op among ${c.planted} unrelated files (other users' files, hidden partial-looking names, symlinks, dated names of other hosts, other hosts' locks)`);
  const row = (what: string, n: NoopCount): Row => {
    say(`${what}: ${n.resultCommands} in the result, ${n.simInvocations} logged by the simulator over ${n.runs} runs; warnings: ${otherWarnings(n).join(' | ') || 'none'}`);
    return exactly(`AIX commands, no-op, ${c.planted} unrelated files, ${what}`, n.resultCommands + n.simInvocations, TARGET.noopCommands, `${n.resultCommands} (result), ${n.simInvocations} (simulator, ${n.runs} runs)`);
  };
  return [row('location a file', c.file), row('location the directory', c.dated)];
}

function commandRows(scratch: string): Row[] {
  say('\n# AIX commands when the image is already there (in the result / logged by the simulator: what ran)');
  const c = measureCommands(scratch);
  const line = (what: string, n: Counted): void => say(`${what}: ${n.result} / ${n.logged}: ${n.ran.join(', ') || 'nothing'}`);
  line('image the module made itself       ', c.madeHere);
  line('image it does not know, first run  ', c.unknownFirst);
  line('same image, second run             ', c.unknownSecond);
  line('same location after its mtime moved', c.touched);
  const full = (n: Counted): string => `${n.logged} (${n.ran.join(', ') || 'nothing'})`;
  return [
    exactly('unknown image, full no-op check: AIX commands', c.unknownFirst.logged, TARGET.unknownCheckCommands, full(c.unknownFirst), '2 (one header read, one full read)'),
    exactly('same image, second run: AIX commands', c.unknownSecond.logged, TARGET.noopCommands, full(c.unknownSecond)),
    exactly('same image after its mtime moved: AIX commands', c.touched.logged, TARGET.unknownCheckCommands, full(c.touched), '2 (one header read, one full read)'),
  ];
}

function memoryRows(tools: Tools, scratch: string, quick: boolean): Row[] {
  say(`\n# Peak RSS while mksysb -v prints a line per file${quick ? ' (BENCH_QUICK=1: 1 GB case skipped)' : ''}`);
  if (!existsSync(TIME)) say(`${TIME} is missing (Debian package "time"): the whole-tree peak is not measured, only the module's own.`);
  const sizes = quick ? [10 * MiB, 100 * MiB] : [10 * MiB, 100 * MiB, GiB];
  const rows: Row[] = [];
  for (const size of sizes) {
    const m = measureMemory(tools.peakRss, scratch, size);
    const part = (b: number | null): string => (b === null ? 'cut from the log' : mb(b));
    say(
      `~${mb(size)}: ${m.filesPerFs} files x 7 file systems, sized for ${mb(m.sizedBytes)} of mksysb -v; the commands printed ${mb(m.printedBytes)} in all ` +
        `(mksysb -v ${part(m.mksysbBytes)}, the read-back ${part(m.listingBytes)}); ` +
        `peak RSS module ${mb(m.modulePeakBytes)} (its own getrusage), largest process of the whole tree (${TIME} %M, the simulator's Node.js stand-ins included) ${m.treePeakBytes === null ? 'n/a' : mb(m.treePeakBytes)}; ` +
        `JSON result ${mb(m.resultBytes)}; ${m.seconds.toFixed(0)} s`,
    );
    rows.push(...memorySizeRows(m, size === GiB));
  }
  if (quick) {
    rows.push(notMeasured("peak RSS, module's tree without the simulated AIX commands, 1 GB of mksysb -v", `<= ${mb(TARGET.treePeakBytes)}`, 'BENCH_QUICK=1'));
    rows.push(notMeasured('JSON result, 1 GB of mksysb -v', `<= ${mb(TARGET.resultBytes)}`, 'BENCH_QUICK=1'));
  }
  return rows;
}

/**
 * The targets are set at 1 GB; smaller outputs are held to them too, since memory must stay flat.
 *
 * What the tree row counts: the module's process tree on an LPAR is the module and the AIX commands
 * it starts. On AIX those are mksysb (a ksh script) and backup, native and small; here each is the
 * simulator, a Node.js process of ~40 MB before it prints a line, which stands in for them and
 * ships nowhere. So two rows hold the bound: the module's own process (the one process of that
 * tree that is ours) and the whole tree as /usr/bin/time sees it (its largest process, stand-ins
 * included), with the stand-ins' share told apart.
 */
function memorySizeRows(m: MemoryFigures, atTarget: boolean): Row[] {
  const label = atTarget ? '1 GB of mksysb -v' : `~${mb(m.targetBytes)} of mksysb -v (1 GB target, early)`;
  const tree = m.treePeakBytes;
  const standIns = tree === null ? 'n/a' : tree > m.modulePeakBytes ? mb(tree) : `<= ${mb(m.modulePeakBytes)} (the module was the largest)`;
  const rows = [
    atMost(`peak RSS, module's tree without the simulated AIX commands (= module process), ${label}`, m.modulePeakBytes, TARGET.treePeakBytes, mb),
    // Held to the same bound as the issue states it (the whole tree), so the stand-ins' cost is a
    // visible miss rather than a row that cannot fail.
    tree === null
      ? reported(`peak RSS, largest process of the whole tree, stand-ins included, ${label}`, `n/a (${TIME} is missing)`, `<= ${mb(TARGET.treePeakBytes)}`)
      : atMost(`peak RSS, largest process of the whole tree, stand-ins included, ${label}`, tree, TARGET.treePeakBytes, mb, `${mb(tree)}; largest Node.js stand-in for IBM's mksysb/listvgbackup ${standIns}`),
    atMost(`JSON result, ${label}`, m.resultBytes, TARGET.resultBytes, mb, `${mb(m.resultBytes)} (${m.resultBytes} bytes)`),
  ];
  // mksysb -v alone prints what the files were sized for; less means the case measured less than its name says.
  if (m.printedBytes >= m.sizedBytes) return rows;
  const short = `the commands printed ${mb(m.printedBytes)}, < ${mb(m.sizedBytes)}`;
  return rows.map((r) => (r.info ? r : { ...r, pass: false, missedBy: short }));
}

async function main(): Promise<number> {
  const quick = process.env.BENCH_QUICK === '1';
  const rounds = Number(process.env.BENCH_ROUNDS ?? 60);
  // Read first: a mistyped figure stops the bench before minutes of measuring.
  const suite = suiteRow();
  const scratch = mkdtempSync(join(tmpdir(), 'powerops-bench-'));
  try {
    const tools = await buildTools(scratch);
    say(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start`);
    say('NODE_EXTRA_CA_CERTS and NODE_OPTIONS are unset in every measured process (node parses the CA file at every start-up)');
    const rows: Row[] = [...bundleRows(), ...startupRows(tools, scratch, rounds), ...crowdedRows(scratch), ...commandRows(scratch), ...memoryRows(tools, scratch, quick)];
    if (quick) {
      say('\n# Nightly playbook over a 20-LPAR SSH fleet: skipped (BENCH_QUICK=1)');
      rows.push(...fleetNotMeasured('BENCH_QUICK=1'));
    } else rows.push(...(await fleetRows(Number(process.env.BENCH_FLEET_ROUNDS ?? 3), say)));
    rows.push(suite);
    say(`\nload average ${loadavg()[0]!.toFixed(1)} at the end`);
    printTable(rows);
    return rows.every((r) => r.pass !== false) ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function printTable(rows: Row[]): void {
  const cols: [string, (r: Row) => string][] = [
    ['measure', (r) => r.what],
    ['figure', (r) => r.figure],
    ['target', (r) => r.target],
    ['result', verdict],
    ['missed by', (r) => r.missedBy],
  ];
  const widths = cols.map(([head, cell]) => Math.max(head.length, ...rows.map((r) => cell(r).length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  say('\n# Summary');
  say(line(cols.map(([head]) => head)));
  say(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) say(line(cols.map(([, cell]) => cell(r))));
}

main().then(
  (rc) => {
    process.exitCode = rc;
  },
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
