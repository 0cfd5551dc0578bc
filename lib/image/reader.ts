// Reads the image at a location into a typed state: absent, incomplete (with the reason), or
// complete with its information. "Complete" is proven either by a record of an earlier full check
// of this very file, or by a full check now: the whole image is read back (listvgbackup without
// -l fails on a truncated image), once.
import type { Stats } from 'node:fs';
import { isBackupDataMember, memberName, parseListingLine } from '../aix/parse/archive-listing';
import { parseBackupInfo, type BackupInfo } from '../aix/parse/listvgbackup';
import { warnOnce, type Io } from '../engine/io';
import { statOrNull } from './file-stat';
import { factsOf, ImageStore, RECORD_FORMAT, type ImageKind, type ImageRecord } from './records';
import type { Location } from './location';
import { isoTime } from '../iso-time';

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
    warnOnce(io, store.save(record));
    return { ...checked, record };
  }
  return checked;
}

/** The full check of an image file or device: header, then the whole archive read back. */
export async function checkImage(io: Io, path: string): Promise<ImageState> {
  const head = await io.run('listvgbackup', ['-l', '-f', path], { listing: true });
  const parsed = parseBackupInfo(head.stdout, head.stderr);
  if (!parsed.ok) {
    if (parsed.kind === 'missing') return { present: false };
    return { present: true, complete: false, reason: parsed.msg };
  }
  if (head.rc !== 0) {
    return { present: true, complete: false, reason: `listvgbackup -l exited with ${head.rc}: ${lastLine(head.stderr || head.stdout)}`, info: parsed.value };
  }
  const listing = newListingScan();
  const full = await io.run('listvgbackup', ['-f', path], {
    tailBytes: 64 * 1024,
    // Only the member lines count; the volume header and the counts may come on either stream.
    onLine: (line, stream) => {
      if (stream === 'stdout') scanListingLine(listing, line);
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
  if (listing.members === 0) {
    const seen = listing.firstOther === null ? '' : `; its first line was ${JSON.stringify(listing.firstOther)}`;
    return { present: true, complete: false, reason: `the image lists no files${seen}`, info: parsed.value };
  }
  const kind: ImageKind = parsed.value.volumeGroup === 'rootvg' && listing.bosinstFirst ? 'mksysb' : 'savevg';
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
    verifiedAt: isoTime(),
    madeHere: false,
    info: parsed.value,
  };
  return { present: true, complete: true, info: parsed.value, kind, record, checkedNow: true };
}

interface ListingScan {
  members: number;
  /** Still among the data files a backup writes before the file systems' files. */
  inDataFiles: boolean;
  /** ./bosinst.data was among those data files. */
  bosinstFirst: boolean;
  firstOther: string | null;
}

function newListingScan(): ListingScan {
  return { members: 0, inDataFiles: true, bosinstFirst: false, firstOther: null };
}

/**
 * A system backup starts with ./bosinst.data (the installer's answers) among its data files
 * (reference §12.1). A savevg image has none there; a savevg of rootvg may hold /bosinst.data,
 * but only later, among the files of the root file system.
 */
function scanListingLine(scan: ListingScan, line: string): void {
  const parsed = parseListingLine(line);
  if (parsed.kind === 'other' && scan.firstOther === null) scan.firstOther = parsed.text.slice(0, 120);
  if (parsed.kind !== 'member') return;
  scan.members++;
  if (!scan.inDataFiles) return;
  if (!isBackupDataMember(parsed.member.path)) scan.inDataFiles = false;
  else if (memberName(parsed.member.path) === 'bosinst.data') scan.bosinstFirst = true;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() || '(no output)';
}
