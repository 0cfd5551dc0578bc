// One option-to-flag table per AIX command (flags from the AIX reference for each command).
import { flagTable, oneOf, whenFalse, whenTrue, withValue } from '../../engine/flag-table';
import type { BackupParams } from './params';

/** The options mksysb and savevg both take, with the same flags (in this order on both). */
const backupCommon = {
  create_data_file: oneOf({ yes: '-i', mapfile: '-m' }),
  exclude_files: whenTrue('-e'),
  exclude_fs: withValue('-x'),
  extend_fs: whenTrue('-X'),
};

export const mksysbFlags = flagTable<BackupParams>({
  ...backupCommon,
  exclude_packing_files: whenTrue('-P'),
  verbose: whenTrue('-v'),
});

/** `location` here is the path being written: the temporary file beside the image, or the device. */
export const savevgFlags = flagTable<BackupParams>({
  location: withValue('-f'),
  ...backupCommon,
  exclude_data: whenTrue('-r'),
  verbose: whenTrue('-v'),
});

export const restvgFlags = flagTable<BackupParams>({
  location: withValue('-f'),
  data_file: withValue('-d'),
  exclude_data: whenTrue('-r'),
  minimize_lv_size: whenTrue('-s'),
});

/** restvg never prompts here: with no terminal an unanswered prompt makes it exit 0 having done nothing. */
export const RESTVG_FIXED = ['-q'];

export const altDiskMksysbFlags = flagTable<BackupParams>({
  location: withValue('-m'),
  disk: withValue('-d'),
  data_file: withValue('-i'),
  script: withValue('-s'),
  resolv_conf: withValue('-R'),
  phase: withValue('-P'),
  remain_nim_client: whenTrue('-n'),
  import_vg: whenTrue('-y'),
  debug: whenTrue('-D'),
  verbose: whenTrue('-V'),
  bootlist: whenFalse('-B'),
});
