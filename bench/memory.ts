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

/** Bytes `listvgbackup -f IMAGE` prints, counted by wc: a gigabyte costs the bench no memory. */
function countListing(lpar: Lpar, image: string): number {
  const r = spawnSync('sh', ['-c', '"$0" -f "$1" | wc -c', lpar.cmdPath('listvgbackup'), image], { env: cleanEnv({ AIX_ROOT: lpar.root, LANG: 'C', LC_ALL: 'C' }), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`listvgbackup -f failed: ${r.stderr}`);
  return Number(r.stdout.trim());
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
    // The flags of the module's first line (--expose-gc), as ansible-core starts it.
    const flags = readFileSync(MODULE, 'utf8').split('\n', 1)[0].slice(2).trim().split(/\s+/).slice(1);
    const node = [process.execPath, ...flags, '--require', peakProbe, MODULE, args];
    const argv = existsSync(TIME) ? [TIME, '-f', '%M', '-o', timeFile, ...node] : node;
    const started = Date.now();
    const r = spawnSync(argv[0], argv.slice(1), {
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
    // Past its cap (8 MB) the log keeps head and tail only, and says how many bytes it left out:
    // the listing is then counted again straight from the image, and mksysb's share is what all
    // commands printed (kept + cut) less the listing (the few other commands print a few KB).
    const text = readFileSync(result.log_file, 'latin1');
    const cut = /\n=== log cut: .*? (\d+) bytes after them are left out/.exec(text);
    const listed = cut ? countListing(lpar, join(images, 'rootvg.mksysb')) : bytesOf(/\/listvgbackup -f /);
    const printed = cut ? text.split('\n').filter((l) => !l.startsWith('=== ')).reduce((n, l) => n + l.length + 1, 0) + Number(cut[1]) : 0;
    return {
      targetBytes,
      filesPerFs,
      mksysbBytes: cut ? printed - listed : bytesOf(/\/mksysb /),
      listingBytes: listed,
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
