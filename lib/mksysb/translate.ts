// community.general.mksysb's options, translated into a create of the backup module, so an image
// made here gets the same planner and safety (temporary file, full read-back, rename, lock,
// record). Options the backup module has become its options; the others become checked flags.
//
// Flags as AIX documents them (reference §7), where community.general.mksysb 6.6.2 differs:
// - extended_attrs: -a means "do NOT back up extended attributes"; the original passes -a when
//   extended_attrs is true (its default). Here -a is passed only for false.
// - software_packing: documented there as "exclude the files listed in
//   /etc/exclude_packing.rootvg from packing", which is -P; the original passes -p (disable all
//   packing) whenever it is false, its default. Here true gives -P and false gives nothing.
// - -X (expand /tmp when needed) is always passed, as the original does.
// Like the original, every run makes a new image unless max_age is set (then an image younger
// than max_age is kept): a nightly job moved over keeps getting a new image every night.
import { statSync } from 'node:fs';
import { basename, isAbsolute, join, posix } from 'node:path';
import { deviceKindByName, isTapeName } from '../image/location';
import { flagTable, whenFalse, whenTrue } from '../engine/flag-table';
import type { BackupParams } from '../backup/options/params';
import { fail, ok, type Result } from '../result';
import type { MksysbParams } from './params';

/** The options that have no counterpart among the backup module's options. */
export const extraFlags = flagTable<MksysbParams>({
  extended_attrs: whenFalse('-a'),
  backup_dmapi_fs: whenTrue('-A'),
  backup_crypt_files: whenFalse('-Z'),
  exclude_wpar_files: whenTrue('-G'),
  use_snapshot: whenTrue('-T'),
});

export type Translated = Result<BackupParams>;

export function toBackupParams(p: MksysbParams): Translated {
  if (!isAbsolute(p.storage_path) || !statSync(p.storage_path, { throwIfNoEntry: false })?.isDirectory()) {
    return fail(`storage_path: ${p.storage_path} is not an existing directory (give an absolute path; create the directory or mount the NFS export first).`);
  }
  if (p.name === '' || p.name === '.' || p.name === '..' || p.name.includes('/')) {
    return fail(`name: "${p.name}" is not a file name; give the image's name inside storage_path, e.g. lpar1.mksysb.`);
  }
  const location = join(posix.normalize(p.storage_path), p.name);
  if (location.startsWith('/dev/') && !isTapeName(location.slice('/dev/'.length))) {
    const what = deviceKindByName(basename(location)) ?? 'not a tape device';
    return fail(`storage_path: ${p.storage_path} is the device directory, and ${location} is ${what}${what.startsWith('not') ? '' : ', not a tape'}: mksysb writes over the device it is given, so under /dev only tape devices (rmtN, rmtN.M) are accepted. Give a directory of a file system, e.g. storage_path: /mnt/backups.`);
  }
  if (statSync(location, { throwIfNoEntry: false })?.isDirectory()) {
    return fail(`name: ${location} is a directory; give the name of the image file to write.`);
  }
  return ok({
    action: 'create',
    type: 'mksysb',
    location,
    create_data_file: p.create_map_files ? 'mapfile' : p.new_image_data ? 'yes' : 'no',
    exclude_files: p.exclude_files,
    exclude_packing_files: p.software_packing,
    extend_fs: true,
    flags: extraFlags.render(p).join(' '),
    force: p.force || p.max_age === undefined,
    lock_timeout: p.lock_timeout,
    ...(p.max_age !== undefined ? { max_age: p.max_age } : {}),
    remain_nim_client: false,
    import_vg: false,
    debug: false,
    bootlist: true,
    exclude_data: false,
    minimize_lv_size: false,
    verbose: false,
  });
}
