// Peak memory while mksysb -v prints a line per file: the simulated rootvg gets enough files for
// ~10 MB, ~100 MB and ~1 GB of verbose output, and the module makes an image of it (mksysb -v,
// then the full read-back, listvgbackup -f, which lists every file again). What the commands
// printed is read back from the module's run log, its cut included.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, MODULE, shebangFlags } from './env';
import { makeLpar, writeArgs, type Lpar, type ModuleResult } from './lpar';
import { commandOutputs } from './run-log';

export const TIME = '/usr/bin/time';

export interface MemoryFigures {
  targetBytes: number;
  filesPerFs: number;
  /** What the simulated rootvg's files make `mksysb -v` print, by sim/files.ts's line format. */
  sizedBytes: number;
  /** What all the module's AIX commands printed (mksysb -v, then the read-back listing the same files), from its run log. */
  printedBytes: number;
  /** What mksysb -v printed, when the log holds its output whole (a log keeps its first 8 MB and its end only). */
  mksysbBytes: number | null;
  /** Likewise for the read-back (listvgbackup -f). */
  listingBytes: number | null;
  /** /usr/bin/time %M: the largest process of the tree, simulated AIX commands included; null without /usr/bin/time. */
  treePeakBytes: number | null;
  /** The module process alone (its own getrusage at exit). */
  modulePeakBytes: number;
  resultBytes: number;
  seconds: number;
}

interface Lv {
  mount: string | null;
  fs: unknown;
}

/** Bytes of one verbose line: `a` + size in 12 columns + ` ./mount/dNNNN/fNNNNNNN` (sim/files.ts). */
function lineBytes(mount: string): number {
  const base = mount === '/' ? '.' : `.${mount}`;
  return 'a '.length + 12 + 1 + `${base}/d0000/f0000000`.length + 1;
}

/** Files per file system for ~targetBytes of `mksysb -v`, and the bytes that makes. */
function filesFor(lpar: Lpar, targetBytes: number): { files: number; bytes: number } {
  const rootvg = (lpar.state() as { vgs: { name: string; lvs: Lv[] }[] }).vgs.find((v) => v.name === 'rootvg');
  const mounts = (rootvg?.lvs ?? []).filter((lv) => lv.mount && lv.fs).map((lv) => lv.mount as string);
  const perFile = mounts.reduce((n, m) => n + lineBytes(m), 0);
  const files = Math.max(1, Math.round(targetBytes / perFile));
  return { files, bytes: files * perFile };
}

export function measureMemory(peakProbe: string, scratch: string, targetBytes: number): MemoryFigures {
  const lpar = makeLpar();
  const images = join(scratch, `memory-${targetBytes}`);
  try {
    mkdirSync(images, { recursive: true });
    const sized = filesFor(lpar, targetBytes);
    lpar.sim(['files', '--vg', 'rootvg', String(sized.files)]);
    const args = writeArgs(scratch, `memory-${targetBytes}`, { action: 'create', type: 'mksysb', location: join(images, 'rootvg.mksysb'), verbose: true });
    const peakFile = join(scratch, `peak-${targetBytes}`);
    const timeFile = join(scratch, `time-${targetBytes}`);
    // The flags of the module's first line (none today), as ansible-core starts it.
    const node = [process.execPath, ...shebangFlags(), '--require', peakProbe, MODULE, args];
    const argv = existsSync(TIME) ? [TIME, '-f', '%M', '-o', timeFile, ...node] : node;
    const started = Date.now();
    const [cmd = TIME, ...rest] = argv;
    const r = spawnSync(cmd, rest, {
      env: cleanEnv({ AIX_ROOT: lpar.root, BENCH_PEAK_FILE: peakFile }),
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    const seconds = (Date.now() - started) / 1000;
    let result: ModuleResult;
    try {
      result = JSON.parse(r.stdout) as ModuleResult;
    } catch {
      throw new Error(`module printed no JSON (rc ${r.status}): ${r.stderr.slice(0, 2000)}`);
    }
    if (result.failed || !result.changed) throw new Error(`the verbose mksysb run should have made an image: ${result.msg}`);
    if (!result.log_file) throw new Error('the result names no log file');
    const logged = commandOutputs(result.log_file);
    const bytesOf = (re: RegExp): number | null => logged.whole.find((c) => re.test(c.argv))?.bytes ?? null;
    return {
      targetBytes,
      filesPerFs: sized.files,
      sizedBytes: sized.bytes,
      printedBytes: logged.totalBytes,
      mksysbBytes: bytesOf(/\/mksysb /),
      listingBytes: bytesOf(/\/listvgbackup -f /),
      treePeakBytes: existsSync(timeFile) ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) * 1024 : null,
      modulePeakBytes: Number(readFileSync(peakFile, 'utf8').trim()),
      resultBytes: Buffer.byteLength(r.stdout),
      seconds,
    };
  } finally {
    lpar.cleanup();
    rmSync(images, { recursive: true, force: true });
  }
}
