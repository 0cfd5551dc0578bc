import { fieldsOf } from './fields';
import { fail, ok, type Result } from '../../result';
import { quoteLine, splitLines } from './text';

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
  /**
   * The disk is locked with `lkdev` (lspv's state `locked`, documented for AIX 7.2). The VG
   * column then names the VG or, for a disk in none, the lock's label: either way the disk is
   * not free for a restore.
   */
  locked: boolean;
}

const VG_STATES: ReadonlySet<string> = new Set(['active', 'concurrent']);

const PVID = /^[0-9a-fA-F]{16}(?:[0-9a-fA-F]{16})?$/;

/**
 * Parse `lspv`: whitespace-separated DISK PVID VG and the states (§2.1, §16.2): none for a
 * varied-off VG or no VG, `active` or `concurrent` for a varied-on VG, `locked` for a disk
 * locked with lkdev, also after `active` (lspv documentation; the column order is not seen,
 * so both orders are read). The header line of VIOS `ioscli lspv` (`NAME PVID VG STATUS`) is
 * skipped. A state not documented is an error, not a silent null: a disk state we do not
 * understand must not be taken for "varied off".
 */
export function parsePvList(text: string): Result<PhysicalVolume[]> {
  const pvs: PhysicalVolume[] = [];
  for (const line of splitLines(text)) {
    const f = fieldsOf(line).map((x) => x.text);
    if (f.length === 0) continue;
    if (f[0] === 'NAME' && f[1] === 'PVID') continue;
    if (f.length < 3 || f.length > 5) {
      return fail(`lspv: cannot read the line ${quoteLine(line)}: expected DISK PVID VG [STATE]`);
    }
    const [disk, pvid, vg, ...states] = f as [string, string, string, ...string[]];
    if (pvid !== 'none' && !PVID.test(pvid)) {
      return fail(`lspv: ${disk} has an unreadable PVID ${quoteLine(pvid)} in the line ${quoteLine(line)}`);
    }
    const vgStates = states.filter((s) => VG_STATES.has(s));
    const locks = states.filter((s) => s === 'locked');
    if (vgStates.length + locks.length !== states.length || vgStates.length > 1 || locks.length > 1) {
      return fail(`lspv: ${disk} shows the unknown state ${quoteLine(states.join(' '))} (expected active, concurrent, locked or nothing)`);
    }
    pvs.push({
      disk,
      pvid: pvid === 'none' ? null : pvid,
      vg: vg === 'None' ? null : vg,
      state: vgStates[0] === 'active' || vgStates[0] === 'concurrent' ? vgStates[0] : null,
      locked: locks.length === 1,
    });
  }
  return ok(pvs);
}
