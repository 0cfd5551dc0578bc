// Space before time: mksysb and savevg find out that the image does not fit only after they have
// read the whole volume group, an hour or more on a big rootvg. Before they run, three limits are
// read with read-only commands and compared with the image's expected size:
// - the free space of the file system that will hold the image (`df -P -k DIR`);
// - the free space of /tmp, where both commands build their lists and data files, unless
//   extend_fs (-X) lets them expand it;
// - the file size limit the command inherits from this process (`ulimit -f`, 512-byte blocks):
//   root's default in /etc/security/limits is 1 GB on many LPARs.
// The expected size is the used space of the volume group's mounted JFS/JFS2 file systems less
// those left out with exclude_fs (what mksysb and NIM count as "Required"), or the size of the
// image being replaced when that is bigger. A tape is not a file system: only /tmp is checked.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseDfPortable, type DfRow } from '../aix/parse/df';
import { parseFsizeBlocks } from '../aix/parse/ulimit';
import type { Io } from '../engine/io';
import type { ImageKind } from '../image/records';
import type { Location } from '../image/location';
import type { BackupParams } from '../backup/options/params';
import { readVgLvs } from '../lpar/vg-lvs';
import { fail, ok, type Result } from '../result';

/**
 * Work space the commands need in /tmp, MB. The reference gives no figure (inferred): mksysb
 * writes its file list and, for a tape, the boot image there; savevg only its file list and
 * the VG data files.
 */
export const TMP_NEEDED_MB: Readonly<Record<ImageKind, number>> = { mksysb: 32, savevg: 8 };

/** A structure-only image holds a few data files: one 100-block cluster in the reference (§12.2). */
const STRUCTURE_ONLY_MB = 1;

export interface SpaceCheck {
  kind: ImageKind;
  vg: string;
  /** Expected image size, MB, and where the figure comes from. */
  neededMb: number;
  basis: string;
  /** The file system that will hold the image; null for a tape. */
  target: { dir: string; fs: DfRow } | null;
  tmp: DfRow | null;
  /** The file size limit in 512-byte blocks; null when unlimited or for a tape. */
  fsizeBlocks: number | null;
}

export interface SpaceRequest {
  kind: ImageKind;
  vg: string;
  structureOnly: boolean;
  params: BackupParams;
  /** Where the image will be written (its temporary file lives beside it). */
  location: Location;
  lastImageBytes: number | null;
}

export async function readSpace(io: Io, req: SpaceRequest): Promise<Result<SpaceCheck>> {
  const mounts = req.structureOnly ? ok([]) : await dataMounts(io, req);
  if (!mounts.ok) return mounts;
  const file = req.location.kind === 'file';
  const dir = dirname(req.location.given);
  // One df for everything: the target's directory, /tmp, the file systems the backup reads.
  const operands = [...(file ? [dir] : []), ...(req.params.extend_fs ? [] : ['/tmp']), ...mounts.value];
  const rows = operands.length > 0 ? await dfAll(io, operands) : ok([]);
  if (!rows.ok) return rows;
  if (rows.value.length !== operands.length) {
    return fail(`Cannot read the free space: df -P -k printed ${rows.value.length} file systems for ${operands.length} paths (${operands.join(' ')})`);
  }
  const fsize = file ? await readFsize(io) : null;
  if (fsize !== null && !fsize.ok) return fsize;
  const [target, tmp] = [file ? rows.value[0]! : null, req.params.extend_fs ? null : rows.value[file ? 1 : 0]!];
  // Only file systems that are mounted count: df on an unmounted one's directory shows its parent.
  const usedKb = rows.value.slice(operands.length - mounts.value.length).filter((row, i) => row.mountedOn === mounts.value[i]).reduce((n, row) => n + row.usedKb, 0);
  return ok({
      kind: req.kind,
      vg: req.vg,
      ...expectedSize(req, usedKb),
      target: target === null ? null : { dir, fs: target },
      tmp,
      fsizeBlocks: fsize === null ? null : fsize.value,
  });
}

/** The refusal with every limit that is too small, its numbers and its fix; null when the image fits. */
export function spaceRefusal(c: SpaceCheck): string | null {
  const problems: string[] = [];
  const needKb = c.neededMb * 1024;
  if (c.target !== null && c.target.fs.availableKb < needKb) {
    problems.push(
      `${c.target.dir} (file system ${c.target.fs.filesystem}, mounted on ${c.target.fs.mountedOn}) has ${mb(c.target.fs.availableKb)} MB free: ` +
        'free space there (remove old images; with a directory location, keep: N removes the oldest), or choose a location on a bigger file system',
    );
  }
  const tmpNeedKb = TMP_NEEDED_MB[c.kind] * 1024;
  if (c.tmp !== null && c.tmp.availableKb < tmpNeedKb) {
    problems.push(
      `/tmp has ${mb(c.tmp.availableKb)} MB free and ${c.kind} needs about ${TMP_NEEDED_MB[c.kind]} MB there for its work files: ` +
        `set extend_fs: true (-X) to let ${c.kind} expand /tmp, or enlarge it first (chfs -a size=+${TMP_NEEDED_MB[c.kind]}M /tmp)`,
    );
  }
  if (c.fsizeBlocks !== null && c.fsizeBlocks * 512 < c.neededMb * 1024 * 1024) {
    problems.push(
      `the file size limit of this run is ${c.fsizeBlocks} blocks (ulimit -f, ${Math.floor(c.fsizeBlocks / 2048)} MB), so ${c.kind} would stop at that size ` +
        '("A file cannot be larger than the value set by ulimit"): raise fsize for root (chuser fsize=-1 root, or fsize = -1 in /etc/security/limits) and start a new login session, ' +
        'or run the task under a higher ulimit -f',
    );
  }
  if (problems.length === 0) return null;
  return `Not enough room for the ${c.kind} image of ${c.vg}, which needs about ${c.neededMb} MB (${c.basis}): ${problems.join('; ')}. Nothing was run.`;
}

/** The mount points of the volume group's JFS/JFS2 file systems that the backup reads. */
async function dataMounts(io: Io, req: SpaceRequest): Promise<Result<string[]>> {
  const lvs = await readVgLvs(io, req.vg);
  if (!lvs.ok) return lvs;
  const excluded = excludedMounts(req.params.exclude_fs);
  return ok(lvs.value.flatMap((lv) => ((lv.type === 'jfs' || lv.type === 'jfs2') && lv.mountPoint !== null && !excluded.has(lv.mountPoint) ? [lv.mountPoint] : [])));
}

function expectedSize(req: SpaceRequest, usedKb: number): { neededMb: number; basis: string } {
  if (req.structureOnly) return { neededMb: STRUCTURE_ONLY_MB, basis: 'the structure of the volume group only' };
  const vgMb = Math.ceil(usedKb / 1024);
  const lastMb = req.lastImageBytes === null ? 0 : Math.ceil(req.lastImageBytes / (1024 * 1024));
  if (lastMb > vgMb) return { neededMb: lastMb, basis: 'the size of the image it replaces' };
  const less = req.params.exclude_fs !== undefined ? ' less those in exclude_fs' : '';
  return { neededMb: vgMb, basis: `the used space of the mounted file systems of ${req.vg}${less}` };
}

/** The mount points listed in exclude_fs; savevg/mksysb report an unreadable list themselves. */
function excludedMounts(file: string | undefined): Set<string> {
  if (file === undefined) return new Set();
  try {
    return new Set(readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== ''));
  } catch {
    return new Set();
  }
}

async function dfAll(io: Io, paths: readonly string[]): Promise<Result<DfRow[]>> {
  const run = await io.run('df', ['-P', '-k', ...paths]);
  const rows = parseDfPortable(run.stdout);
  if (!rows.ok) return fail(`Cannot read the free space: ${rows.msg}`);
  if (run.rc !== 0 && rows.value.length === 0) return fail(`Cannot read the free space of ${paths.join(', ')}: df exited with ${run.rc}: ${run.stderr.trim()}`);
  return ok(rows.value);
}

async function readFsize(io: Io): Promise<Result<number | null>> {
  const run = await io.run('ulimit', ['-f']);
  const parsed = parseFsizeBlocks(run.stdout);
  if (run.rc !== 0 || !parsed.ok) {
    return fail(`Cannot read the file size limit the backup would run under: ulimit -f exited with ${run.rc}${parsed.ok ? '' : `: ${parsed.msg}`}`);
  }
  return ok(parsed.value);
}

function mb(kb: number): number {
  return Math.floor(kb / 1024);
}
