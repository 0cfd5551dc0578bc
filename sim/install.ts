// `init`: lay out a simulated LPAR under a root directory: the state, the command wrappers at
// their AIX paths, a tape device, and the files a used LPAR has (/image.data, /bosinst.data ...).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultLpar, type InitOptions } from './defaults';
import { lparPath, simDir } from './paths';
import { bosinstData, vgData } from './stanza';
import { saveState } from './state';

/** AIX command name -> directory under /usr. */
export const COMMAND_DIRS: Record<string, 'bin' | 'sbin'> = {
  lsvg: 'sbin',
  lspv: 'sbin',
  lquerypv: 'sbin',
  bootinfo: 'sbin',
  alt_disk_mksysb: 'sbin',
  alt_rootvg_op: 'sbin',
  mksysb: 'bin',
  savevg: 'bin',
  restvg: 'bin',
  lsmksysb: 'bin',
  lssavevg: 'bin',
  listvgbackup: 'bin',
  bootlist: 'bin',
  df: 'bin',
  ulimit: 'bin',
};

/** The Node.js flags of a command run that may stream gigabytes; the build makes a code cache
 * for these too (V8 keys its data by its flags). */
export const STREAMING_NODE_FLAGS = ['--max-semi-space-size=2'];

/**
 * When a run may stream gigabytes, as a shell test on its arguments: mksysb and savevg with -v
 * (a line per file), a listing of an image (no -l, which prints the header only), restvg and
 * alt_disk_mksysb always. Those runs get a capped young generation, which keeps them at a flat
 * RSS as the real commands are (V8's default lets it grow past 100 MB, a 4 MB semi-space to
 * ~60 MB, 2 MB holds it at ~56 MB; sim/heap.ts does the rest; the cap cannot be set at
 * run time, and a growth factor of 1 set then promotes the lines to the old generation instead:
 * 70-77 MB against 63 MB at 5 MB of mksysb -v). Every other run prints a few lines and gets no
 * V8 flag: any flag on the command line makes Node.js compile its own built-in modules from
 * source, ~15-20 ms of CPU at every start. A wrong guess costs memory or time, never output.
 */
const STREAMS: Record<string, string> = {
  mksysb: 'verbose',
  savevg: 'verbose',
  lsmksysb: 'listing',
  lssavevg: 'listing',
  listvgbackup: 'listing',
  restvg: 'always',
  alt_disk_mksysb: 'always',
};
/**
 * Below this size an image's listing prints too few lines for the young generation's cap to
 * matter: measured peak RSS of `listvgbackup -f` with and without it, 52.9 / 52.6 MB at a 0.7 MB
 * image and 56.0 / 56.9 MB at 2.7 MB; at 12.5 MB, 67.8 MB without against 57.0 with.
 */
export const SMALL_IMAGE_BYTES = 1024 * 1024;

/**
 * A listing of one image named by `-f FILE` alone, FILE a regular file (not a /dev tape) smaller
 * than SMALL_IMAGE_BYTES, streams nothing worth a cap: that is the module's read-back of every
 * image it makes. Any other form keeps the cap, and so does a size `stat` cannot give.
 */
const SMALL_LISTING =
  'if [ -n "$stream" ] && [ $# -eq 2 ] && [ "$1" = -f ] && [ -f "$2" ]; then case $2 in /dev/*) ;; ' +
  `*) size=$(stat -L -c %s -- "$2" 2>/dev/null) && [ "$size" -lt ${SMALL_IMAGE_BYTES} ] 2>/dev/null && stream=;; esac; fi`;

const STREAM_TEST: Record<string, string> = {
  verbose: 'stream=; for a; do case $a in --*) ;; -*v*) stream=1;; esac; done',
  listing: `stream=1; for a; do case $a in --*) ;; -*l*) stream=;; esac; done\n${SMALL_LISTING}`,
  always: 'stream=1',
};

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function wrapper(cmd: string, node: string, rest: string): string {
  const test = Object.hasOwn(STREAMS, cmd) ? STREAM_TEST[STREAMS[cmd]!] : undefined;
  if (test === undefined) return `#!/bin/sh\nexec ${node} ${rest}\n`;
  return `#!/bin/sh\n${test}\nif [ -n "$stream" ]; then exec ${node} ${STREAMING_NODE_FLAGS.join(' ')} ${rest}; fi\nexec ${node} ${rest}\n`;
}

export function init(root: string, o: InitOptions): void {
  for (const d of ['usr/bin', 'usr/sbin', 'dev', 'etc', 'tmp', 'var/adm/ras']) mkdirSync(join(root, d), { recursive: true });
  mkdirSync(simDir(root), { recursive: true });
  const lpar = defaultLpar(o);
  saveState(root, lpar);
  const script = __filename;
  for (const [cmd, dir] of Object.entries(COMMAND_DIRS)) {
    const path = join(root, 'usr', dir, cmd);
    writeFileSync(path, wrapper(cmd, quote(process.execPath), `${quote(script)} --root ${quote(root)} ${cmd} "$@"`));
    chmodSync(path, 0o755);
  }
  // A tape drive: writing the "tape" writes this file.
  writeFileSync(join(root, 'dev/rmt0'), '');
  const now = new Date();
  const put = (aixPath: string, content: string): void => {
    mkdirSync(dirname(lparPath(root, aixPath)), { recursive: true });
    writeFileSync(lparPath(root, aixPath), content);
  };
  // This LPAR has been backed up before: the data files mksysb/savevg need without -i exist.
  for (const vg of lpar.vgs) put(vg.name === 'rootvg' ? '/image.data' : `/tmp/vgdata/${vg.name}/${vg.name}.data`, vgData(lpar, vg, now));
  const bosinst = bosinstData(lpar, ['hdisk0']);
  put('/var/adm/ras/bosinst.data', bosinst);
  put('/bosinst.data', bosinst);
}
