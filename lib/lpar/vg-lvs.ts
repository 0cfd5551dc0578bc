// The logical volumes of a varied-on volume group, as `lsvg -l VG` lists them: what a device
// name under /dev is, and which file systems a backup of the group reads.
import { parseLvTable, type LogicalVolume } from '../aix/parse/lsvg';
import type { Io } from '../engine/io';
import { fail, ok, type Result } from '../result';

export async function readVgLvs(io: Io, vg: string): Promise<Result<LogicalVolume[]>> {
  const run = await io.run('lsvg', ['-l', vg]);
  if (run.rc !== 0) return fail(`Cannot list the logical volumes of ${vg}: lsvg -l ${vg} exited with ${run.rc}: ${run.stderr.trim()}`);
  const table = parseLvTable(run.stdout, run.stderr);
  return table.ok ? ok(table.value.lvs) : fail(`Cannot read the logical volumes of ${vg}: ${table.msg}`);
}
