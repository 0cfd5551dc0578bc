/**
 * One line of a by-name archive listing: what `listvgbackup -f` / `lsmksysb -f` / `lssavevg -f`
 * print (the table of contents, `restore -T` style) and what `restore -xv` prints per file.
 * No real listing of a mksysb was ever seen (reference §11, §17), so every plausible form is
 * read: a bare path, a size then the path (`         5911 ./bosinst.data`), restore's `x`
 * prefix (`x         5911 ./bosinst.data`, `x ./bosinst.data`) or backup's `a`; the volume
 * header and the closing counts, in the short and the long wording, on whichever stream they
 * come.
 */

export interface ArchiveMember {
  /** As printed: `./bosinst.data`, `./tmp/vgdata/datavg/datavg.data`, `.`. */
  path: string;
}

export type ListingLine =
  | { kind: 'member'; member: ArchiveMember }
  /** The volume header restore prints before the members (`New volume on ...`, `Cluster ...`). */
  | { kind: 'header' }
  /** A closing count (`files archived: 6`, `The total size is 6296 bytes.`). */
  | { kind: 'summary' }
  | { kind: 'blank' }
  /** Anything else: not a member, and not known either. */
  | { kind: 'other'; text: string };

/** `x`/`a` (extracted/archived) prefix, an optional size, then a path that starts with `.` or `/`. */
const MEMBER = /^\s*(?:[xa]\s+)?(?:(\d{1,15})\s+)?([./].*)$/;

/** Both wordings of restore's volume header (reference §5.2, §5.3, §11). */
const HEADER: readonly RegExp[] = [
  /^New volume on .*:$/,
  /^Cluster (?:size is )?\d+ bytes \(\d+ blocks\)\.?$/,
  /^(?:Volume number \d+|The volume number is \d+\.?)$/,
  /^(?:Date of backup:|The backup date is:) /,
  /^(?:Files backed up by name|Files are backed up by name\.?)$/,
  /^(?:User \S+|The user is \S+\.?)$/,
];

/** Closing counts, both wordings; `archived` for a listing, `restored` for an extraction. */
const SUMMARY: readonly RegExp[] = [
  /^files (?:archived|restored): *\d+$/,
  /^The number of (?:archived|restored) files is \d+\.?$/,
  /^total size: *\d+$/,
  /^The total size is \d+ bytes\.?$/,
];

export function parseListingLine(line: string): ListingLine {
  // Members first: a listing is almost all members, and no header or count starts with a path.
  const m = MEMBER.exec(line.trimEnd());
  if (m !== null) return { kind: 'member', member: { path: m[2]! } };
  const text = line.trim();
  if (text === '') return { kind: 'blank' };
  if (HEADER.some((re) => re.test(text))) return { kind: 'header' };
  if (SUMMARY.some((re) => re.test(text))) return { kind: 'summary' };
  return { kind: 'other', text };
}

/** `./bosinst.data`, `/bosinst.data` and `bosinst.data` name the same member. */
export function memberName(path: string): string {
  return path.replace(/^\.?\/+/, '');
}

/**
 * Members a backup writes before the files of the file systems: the installer's and the
 * restorer's data files (reference §12.1, §12.2). `.` appears among them in AIX 5.3 savevg images.
 */
export function isBackupDataMember(path: string): boolean {
  const name = memberName(path);
  return name === '' || name === '.' || name === 'bosinst.data' || name === 'image.data' || name.startsWith('tmp/vgdata/');
}
