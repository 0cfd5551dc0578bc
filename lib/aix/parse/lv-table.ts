import { fieldsOf, isCount, restOfLine } from './fields';
import { fail, ok, type Failure, type Result } from '../../result';
import { quoteLine, splitLines } from './text';

/** One row of `lsvg -l VG` (also the LV list inside an image, `lsmksysb -l`). */
export interface LogicalVolume {
  name: string;
  type: string;
  lps: number;
  pps: number;
  pvs: number;
  /** `open/syncd`, `closed/syncd`, `open/stale`, ... as printed. */
  state: string;
  /** null for `N/A` (paging, boot, log and raw LVs). */
  mountPoint: string | null;
}

export interface LvTable {
  vg: string;
  lvs: LogicalVolume[];
}

/**
 * `varied-off`: lsvg -l said `0516-010 : Volume group must be varied on` (samples/lsvg-l_glpi61,
 * e.g. altinst_rootvg after alt_disk_mksysb); `unreadable`: the text is not an LV table.
 */
export interface LvTableError extends Failure {
  kind: 'varied-off' | 'unreadable';
}

const unreadable = (msg: string): LvTableError => ({ ok: false, kind: 'unreadable', msg });

/**
 * Parse `lsvg -l VG` (`stderr`: its standard error, where lsvg puts 0516-010; either stream is
 * searched): a `VG:` line, the `LV NAME ...` header, one row per LV.
 * Rows are read by whitespace: name, type, LPs, PPs, PVs, state, and the mount
 * point is the rest of the line (§16.1). The three counts are the anchor, so
 * a type damaged into two words in a doc copy (`jfs2l og`) still parses; the
 * type is then reported as printed, never repaired by guessing.
 */
export function parseLvTable(text: string, stderr = ''): Result<LvTable, LvTableError> {
  const variedOff = [...splitLines(text), ...splitLines(stderr)].find((l) => /^\s*0516-010\b/.test(l));
  if (variedOff !== undefined) return { ok: false, kind: 'varied-off', msg: `the volume group is varied off (0516-010): ${quoteLine(variedOff)}` };
  const lines = splitLines(text);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const vgLine = lines[i];
  const vgMatch = vgLine === undefined ? null : /^\s*(\S+):\s*$/.exec(vgLine);
  if (vgMatch === null) {
    return unreadable(
      vgLine === undefined
        ? 'the logical volume list is empty: expected a "VG:" line and the "LV NAME ..." header of lsvg -l'
        : `the logical volume list does not start with a "VG:" line: got ${quoteLine(vgLine)}`,
    );
  }
  const vg = vgMatch[1]!;
  i++;
  const header = lines[i];
  if (header === undefined) return ok({ vg, lvs: [] });
  if (!/^\s*LV NAME\s/.test(header)) {
    return unreadable(`the logical volume list of ${vg} has no "LV NAME ..." header: got ${quoteLine(header)}`);
  }
  const lvs: LogicalVolume[] = [];
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const row = parseLvRow(line);
    if (!row.ok) return unreadable(`logical volume list of ${vg}: ${row.msg}`);
    lvs.push(row.value);
  }
  return ok({ vg, lvs });
}

function parseLvRow(line: string): Result<LogicalVolume> {
  const f = fieldsOf(line);
  // Find the LPs PPs PVs counts followed by a state; the type sits between the name and them.
  for (let c = 2; c + 3 < f.length; c++) {
    if (isCount(f[c]!.text) && isCount(f[c + 1]!.text) && isCount(f[c + 2]!.text) && f[c + 3]!.text.includes('/')) {
      const mount = restOfLine(line, f, c + 4);
      return ok({
        name: f[0]!.text,
        type: f
          .slice(1, c)
          .map((x) => x.text)
          .join(' '),
        lps: Number(f[c]!.text),
        pps: Number(f[c + 1]!.text),
        pvs: Number(f[c + 2]!.text),
        state: f[c + 3]!.text,
        mountPoint: mount === '' || mount === 'N/A' ? null : mount,
      });
    }
  }
  return fail(`cannot read the row ${quoteLine(line)}: expected NAME TYPE LPs PPs PVs STATE [MOUNT POINT]`);
}
