// Reads the image at a location into a typed state: absent, incomplete (with the reason), or
// complete with its information. "Complete" is proven either by a record of an earlier full check
// of this very file, or by a full check now: the whole image is read back (listvgbackup without
// -l fails on a truncated image), once.
import { statSync, type Stats } from 'node:fs';
import { parseBackupInfo, type BackupInfo } from '../aix/listvgbackup';
import type { Io } from '../engine/io';
import { factsOf, ImageStore, RECORD_FORMAT, type ImageKind, type ImageRecord } from './image-store';
import type { Location } from './location';

export type ImageState =
  | { present: false }
  | { present: true; complete: false; reason: string; info?: BackupInfo }
  | { present: true; complete: true; info: BackupInfo; kind: ImageKind; record: ImageRecord; checkedNow: boolean };

export interface ReadOptions {
  /** Read the whole image now even when a record vouches for it (before a restore uses it). */
  fullCheck?: boolean;
}

export async function readImage(io: Io, location: Location, store: ImageStore, opts: ReadOptions = {}): Promise<ImageState> {
  let stat: Stats | null = null;
  let madeHere = false;
  if (location.kind === 'file') {
    stat = statOrNull(location.path);
    if (stat === null || stat.size === 0) return { present: false };
    if (!stat.isFile()) return { present: true, complete: false, reason: `${location.given} is not a regular file` };
    const known = store.lookup(location.given, stat);
    if (known && !opts.fullCheck) return { present: true, complete: true, info: known.info, kind: known.kind, record: known, checkedNow: false };
    madeHere = known?.madeHere ?? false;
  }
  const checked = await checkImage(io, location.given);
  if (!checked.present || !checked.complete) return checked;
  // The file may have changed while it was read: the record keeps what was true before.
  const after = stat ? statOrNull(location.path) : null;
  if (stat && after && factsOf(after).ctimeMs === stat.ctimeMs) {
    const record: ImageRecord = { ...checked.record, ...factsOf(stat), madeHere };
    store.save(record);
    return { ...checked, record };
  }
  return checked;
}

/** The full check of an image file or device: header, then the whole archive read back. */
export async function checkImage(io: Io, path: string): Promise<ImageState> {
  const head = await io.run('listvgbackup', ['-l', '-f', path]);
  const parsed = parseBackupInfo(head.stdout, head.stderr);
  if (!parsed.ok) {
    if (parsed.error.kind === 'missing') return { present: false };
    return { present: true, complete: false, reason: parsed.error.message };
  }
  if (head.rc !== 0) {
    return { present: true, complete: false, reason: `listvgbackup -l exited with ${head.rc}: ${lastLine(head.stderr || head.stdout)}`, info: parsed.value };
  }
  let members = 0;
  let hasBosinst = false;
  const full = await io.run('listvgbackup', ['-f', path], {
    tailBytes: 64 * 1024,
    onLine: (line, stream) => {
      if (stream !== 'stdout') return;
      members++;
      if (line.trim() === './bosinst.data') hasBosinst = true;
    },
  });
  if (full.rc !== 0) {
    return {
      present: true,
      complete: false,
      reason: `reading the whole image failed (listvgbackup exited with ${full.rc}): ${lastLine(full.stderr || full.stdout)}`,
      info: parsed.value,
    };
  }
  if (members === 0) return { present: true, complete: false, reason: 'the image lists no files', info: parsed.value };
  // A system backup carries ./bosinst.data (the installer's answers); a savevg image, even of
  // rootvg, does not.
  const kind: ImageKind = parsed.value.volumeGroup === 'rootvg' && hasBosinst ? 'mksysb' : 'savevg';
  const record: ImageRecord = {
    format: RECORD_FORMAT,
    location: path,
    kind,
    dev: 0,
    ino: 0,
    size: 0,
    mtimeMs: 0,
    ctimeMs: 0,
    nlink: 0,
    uid: 0,
    verifiedAt: new Date().toISOString(),
    madeHere: false,
    info: parsed.value,
  };
  return { present: true, complete: true, info: parsed.value, kind, record, checkedNow: true };
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() || '(no output)';
}
