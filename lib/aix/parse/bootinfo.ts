import { fail, ok, type Result } from '../../result';
import { quoteLine } from './text';

/**
 * `bootinfo -s hdiskN` prints the disk size in megabytes as one integer (§3).
 * Anything else (what it prints for a missing disk is not known) is an error.
 */
export function parseDiskSizeMb(text: string): Result<number> {
  const t = text.trim();
  if (!/^\d{1,15}$/.test(t)) {
    return fail(
      t === ''
        ? 'bootinfo -s printed nothing; the disk may not exist'
        : `bootinfo -s did not print a size in megabytes: got ${quoteLine(t.split('\n')[0] ?? '')}`,
    );
  }
  const mb = Number(t);
  if (mb === 0) return fail('bootinfo -s reports a size of 0 MB; the disk is not usable');
  return ok(mb);
}
