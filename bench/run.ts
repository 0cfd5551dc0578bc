// `npm run bench`: builds, then measures what the module costs on every host for every task and
// prints each figure against its target, PASS or FAIL.
//
//   BENCH_QUICK=1         skip the 1 GB verbose case and the fleet (the longest parts, minutes each)
//   BENCH_ROUNDS=N        timed rounds of the start-up comparison (default 60, after 5 warm-up rounds)
//   BENCH_FLEET_ROUNDS=N  rounds of the fleet comparison (default 3; two fresh 20-LPAR fleets each)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCommands } from './commands';
import { PYTHON_PAYLOAD_BYTES } from './env';
import { fleetRows } from './fleet-report';
import { measureMemory, TIME, type MemoryFigures } from './memory';
import { measureSize } from './size';
import { measureStartup } from './startup';
import { kb, mb, ms } from './stats';
import { buildTools } from './tools';

const MiB = 1024 * 1024;
const TARGET = { startupRatio: 1.3, noopCommands: 0, peakBytes: 100 * MiB, resultBytes: 4 * MiB, bundleBytes: 144 * 1024 };

export interface Row {
  what: string;
  figure: string;
  target: string;
  pass: boolean | null;
}

const rows: Row[] = [];
const say = (text: string): void => void process.stdout.write(`${text}\n`);
const verdict = (pass: boolean | null): string => (pass === null ? 'n/a' : pass ? 'PASS' : 'FAIL');

async function main(): Promise<number> {
  const quick = process.env.BENCH_QUICK === '1';
  const rounds = Number(process.env.BENCH_ROUNDS ?? 60);
  const scratch = mkdtempSync(join(tmpdir(), 'powerops-bench-'));
  try {
    const tools = await buildTools(scratch);
    say(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start`);
    say('NODE_EXTRA_CA_CERTS and NODE_OPTIONS are unset in every measured process (node parses the CA file at every start-up)');

    const size = measureSize();
    say(`\n# Bundle\ndist/modules/backup.js: ${kb(size.bytes)} = ${size.ratio.toFixed(2)}x the Python module's AnsiballZ payload (${kb(PYTHON_PAYLOAD_BYTES)})`);
    rows.push({ what: 'size of dist/modules/backup.js', figure: `${kb(size.bytes)} (${size.ratio.toFixed(2)}x Python payload)`, target: '<= 144 KB', pass: size.bytes <= TARGET.bundleBytes });

    say(`\n# Idempotent no-op vs node -e 0 (${rounds} interleaved rounds, 5 warm-up)`);
    const st = measureStartup(tools.timer, scratch, rounds, 5);
    say(`module no-op : median ${ms(st.module.median)}, p90 ${ms(st.module.p90)}, min ${ms(st.module.min)}`);
    say(`node -e 0    : median ${ms(st.bare.median)}, p90 ${ms(st.bare.p90)}, min ${ms(st.bare.min)}`);
    say(`ratio of medians: ${st.ratio.toFixed(2)}x`);
    if (st.bareWithCaCerts) {
      say(`node -e 0 with NODE_EXTRA_CA_CERTS as set here: median ${ms(st.bareWithCaCerts.median)} (+${ms(st.bareWithCaCerts.median - st.bare.median)}; left out of both sides above)`);
    }
    say(`AIX commands on the no-op: ${st.resultCommands} in the result's commands, ${st.simInvocations} logged by the simulator over ${st.timedRuns * 1} timed runs`);
    rows.push({ what: 'no-op time / node -e 0 (medians)', figure: `${st.ratio.toFixed(2)}x (${ms(st.module.median)} / ${ms(st.bare.median)})`, target: '<= 1.3x', pass: st.ratio <= TARGET.startupRatio });
    rows.push({ what: 'AIX commands on the no-op', figure: `${st.resultCommands} (result), ${st.simInvocations} (simulator log)`, target: '0', pass: st.resultCommands === 0 && st.simInvocations === 0 });

    say('\n# AIX commands when the image is already there ([in the result, logged by the simulator])');
    const c = measureCommands(scratch);
    say(`image the module made itself        : ${c.madeHere.join(', ')}`);
    say(`image it does not know, first run   : ${c.unknownFirst.join(', ')}  (one full check: listvgbackup -l, listvgbackup -f)`);
    say(`same image, second run              : ${c.unknownSecond.join(', ')}`);
    say(`same location after its mtime moved : ${c.touched.join(', ')}`);
    const once = c.unknownFirst[1] === 2 && c.unknownSecond[1] === 0 && c.madeHere[1] === 0 && c.touched[1] === 2;
    rows.push({ what: 'unknown image: commands, 1st / 2nd run', figure: `${c.unknownFirst[1]} / ${c.unknownSecond[1]}`, target: '1 full check (2) / 0', pass: once });

    say(`\n# Peak RSS while mksysb -v prints a line per file${quick ? ' (BENCH_QUICK=1: 1 GB case skipped)' : ''}`);
    if (!existsSync(TIME)) say(`${TIME} is missing (Debian package "time"): the whole-tree peak is not measured, only the module's own.`);
    const sizes = quick ? [10 * MiB, 100 * MiB] : [10 * MiB, 100 * MiB, 1024 * MiB];
    const mem: MemoryFigures[] = [];
    for (const target of sizes) {
      const m = measureMemory(tools.peakRss, scratch, target);
      mem.push(m);
      say(
        `~${mb(target)}: ${m.filesPerFs} files x 7 file systems; mksysb -v printed ${mb(m.mksysbBytes)}, the read-back listed ${mb(m.listingBytes)}; ` +
          `peak RSS module ${mb(m.modulePeakBytes)}, whole tree (${TIME} %M) ${m.treePeakBytes === null ? 'n/a' : mb(m.treePeakBytes)}; ` +
          `JSON result ${mb(m.resultBytes)}; ${m.seconds.toFixed(0)} s`,
      );
    }
    for (const m of mem) {
      const label = `mksysb -v printing ${mb(m.mksysbBytes)}`;
      rows.push({ what: `peak RSS, module, ${label}`, figure: mb(m.modulePeakBytes), target: '<= 100 MB', pass: m.modulePeakBytes <= TARGET.peakBytes });
      rows.push({
        what: `peak RSS, whole tree (${TIME}), ${label}`,
        figure: m.treePeakBytes === null ? 'n/a' : mb(m.treePeakBytes),
        target: '<= 100 MB',
        pass: m.treePeakBytes === null ? null : m.treePeakBytes <= TARGET.peakBytes,
      });
      rows.push({ what: `JSON result, ${label}`, figure: mb(m.resultBytes), target: '<= 4 MB', pass: m.resultBytes <= TARGET.resultBytes });
    }
    if (quick) say('\n# Nightly playbook over a 20-LPAR SSH fleet: skipped (BENCH_QUICK=1)');
    else rows.push(...(await fleetRows(Number(process.env.BENCH_FLEET_ROUNDS ?? 3), say)));
    printTable();
    return rows.every((r) => r.pass !== false) ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function printTable(): void {
  const w = [Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.figure.length)), Math.max(...rows.map((r) => r.target.length))];
  say('\n# Summary');
  say(`| ${'measure'.padEnd(w[0]!)} | ${'figure'.padEnd(w[1]!)} | ${'target'.padEnd(w[2]!)} | result |`);
  say(`|${'-'.repeat(w[0]! + 2)}|${'-'.repeat(w[1]! + 2)}|${'-'.repeat(w[2]! + 2)}|--------|`);
  for (const r of rows) say(`| ${r.what.padEnd(w[0]!)} | ${r.figure.padEnd(w[1]!)} | ${r.target.padEnd(w[2]!)} | ${verdict(r.pass).padEnd(6)} |`);
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
