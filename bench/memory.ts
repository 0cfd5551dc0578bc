// Peak memory while mksysb -v prints a line per file: the simulated rootvg gets enough files for
// ~10 MB, ~100 MB and ~1 GB of verbose output, and the module makes an image of it (mksysb -v,
// then the full read-back, listvgbackup -f, which lists every file again).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, MODULE } from './env';
import { makeLpar, writeArgs, type Lpar, type ModuleResult } from './lpar';
import { commandOutputs } from './run-log';

export const TIME = '/usr/bin/time';

export interface MemoryFigures {
  targetBytes: number;
  filesPerFs: number;
  /** What mksysb -v printed (stdout and stderr), read from the module's run log. */
  mksysbBytes: number;
  /** What the read-back (listvgbackup -f) printed. */
  listingBytes: number;
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

function filesFor(lpar: Lpar, targetBytes: number): number {
  const rootvg = (lpar.state() as { vgs: { name: string; lvs: Lv[] }[] }).vgs.find((v) => v.name === 'rootvg');
  const mounts = (rootvg?.lvs ?? []).filter((lv) => lv.mount && lv.fs).map((lv) => lv.mount as string);
  return Math.max(1, Math.round(targetBytes / mounts.reduce((n, m) => n + lineBytes(m), 0)));
}

export function measureMemory(peakProbe: string, scratch: string, targetBytes: number): MemoryFigures {
  const lpar = makeLpar();
  const images = join(scratch, `memory-${targetBytes}`);
  try {
    mkdirSync(images, { recursive: true });
    const filesPerFs = filesFor(lpar, targetBytes);
    lpar.sim(['files', '--vg', 'rootvg', String(filesPerFs)]);
    const args = writeArgs(scratch, `memory-${targetBytes}`, { action: 'create', type: 'mksysb', location: join(images, 'rootvg.mksysb'), verbose: true });
    const peakFile = join(scratch, `peak-${targetBytes}`);
    const timeFile = join(scratch, `time-${targetBytes}`);
    const node = [process.execPath, '--require', peakProbe, MODULE, args];
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
    const bytesOf = (re: RegExp): number => logged.filter((c) => re.test(c.argv)).reduce((n, c) => n + c.bytes, 0);
    return {
      targetBytes,
      filesPerFs,
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
