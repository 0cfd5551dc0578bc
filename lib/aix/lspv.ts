import { fieldsOf, isCount, restOfLine } from './fields';
import { Result, err, ok, quoteLine, splitLines } from './result';

/** One line of `lspv`. */
export interface PhysicalVolume {
  disk: string;
  /** null when AIX prints `none` (the disk has no PVID yet). */
  pvid: string | null;
  /** null when AIX prints `None` (the disk is in no volume group). */
  vg: string | null;
  /**
   * `active` / `concurrent` for a varied-on VG; null when the column is empty:
   * VG defined but varied off (`altinst_rootvg`, `old_rootvg`) or no VG.
   */
  state: 'active' | 'concurrent' | null;
}

const PVID = /^[0-9a-fA-F]{16}(?:[0-9a-fA-F]{16})?$/;

/**
 * Parse `lspv`: 3 or 4 whitespace-separated fields per line (§2.1, §16.2);
 * the state column is empty for a varied-off VG or no VG. The header line of
 * VIOS `ioscli lspv` (`NAME PVID VG STATUS`) is skipped. A state other than
 * `active`/`concurrent` is an error, not a silent null: a disk state we do not
 * understand must not be taken for "varied off".
 */
export function parsePvList(text: string): Result<PhysicalVolume[]> {
  const pvs: PhysicalVolume[] = [];
  for (const line of splitLines(text)) {
    const f = fieldsOf(line).map((x) => x.text);
    if (f.length === 0) continue;
    if (f[0] === 'NAME' && f[1] === 'PVID') continue;
    if (f.length < 3 || f.length > 4) {
      return err(`lspv: cannot read the line ${quoteLine(line)}: expected DISK PVID VG [STATE]`);
    }
    const [disk, pvid, vg, state] = f as [string, string, string, string | undefined];
    if (pvid !== 'none' && !PVID.test(pvid)) {
      return err(`lspv: ${disk} has an unreadable PVID ${quoteLine(pvid)} in the line ${quoteLine(line)}`);
    }
    if (state !== undefined && state !== 'active' && state !== 'concurrent') {
      return err(`lspv: ${disk} shows the unknown state ${quoteLine(state)} (expected active, concurrent or nothing)`);
    }
    pvs.push({
      disk,
      pvid: pvid === 'none' ? null : pvid,
      vg: vg === 'None' ? null : vg,
      state: state ?? null,
    });
  }
  return ok(pvs);
}

/** One row of `lspv -l hdisk`: this disk's share of an LV. */
export interface PvLogicalVolume {
  name: string;
  lps: number;
  pps: number;
  /** PPs per region: outer edge, outer middle, center, inner middle, inner edge. */
  distribution: number[];
  mountPoint: string | null;
}

export interface PvLvTable {
  disk: string;
  lvs: PvLogicalVolume[];
}

/**
 * Parse `lspv -l hdisk`: `hdisk:` line, `LV NAME ...` header, rows of name,
 * LPs, PPs, DISTRIBUTION, then the mount point as the rest of the line (a long
 * DISTRIBUTION pushes it out of its column, §2.2). `0516-320` means the disk
 * is in no volume group; that is reported as an error saying so.
 */
export function parsePvLvs(text: string): Result<PvLvTable> {
  const lines = splitLines(text);
  const notInVg = lines.find((l) => /\b0516-320\b/.test(l));
  if (notInVg !== undefined) return err(`the disk is not in a volume group (0516-320): ${quoteLine(notInVg)}`);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const first = lines[i];
  const m = first === undefined ? null : /^\s*(\S+):\s*$/.exec(first);
  if (m === null) {
    return err(first === undefined ? 'lspv -l printed nothing' : `lspv -l output does not start with "hdiskN:": got ${quoteLine(first)}`);
  }
  const disk = m[1]!;
  const lvs: PvLogicalVolume[] = [];
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || /^\s*LV NAME\s/.test(line)) continue;
    const f = fieldsOf(line);
    const dist = f[3] === undefined ? null : /^\d+(?:\.\.\d+){4}$/.test(f[3].text) ? f[3].text.split('..').map(Number) : null;
    if (f.length < 4 || !isCount(f[1]!.text) || !isCount(f[2]!.text) || dist === null) {
      return err(`lspv -l ${disk}: cannot read the row ${quoteLine(line)}: expected NAME LPs PPs DISTRIBUTION [MOUNT POINT]`);
    }
    const mount = restOfLine(line, f, 4);
    lvs.push({
      name: f[0]!.text,
      lps: Number(f[1]!.text),
      pps: Number(f[2]!.text),
      distribution: dist,
      mountPoint: mount === '' || mount === 'N/A' ? null : mount,
    });
  }
  return ok({ disk, lvs });
}
