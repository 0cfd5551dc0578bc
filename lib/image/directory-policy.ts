// Directories the module writes images in (and takes locks in): refused before any command runs
// when someone other than root could swap the files in them. Every directory the module is about
// to write in goes through imageDirectoryProblem, whatever way its path was found.
import { untrustedDirectory } from '../aix/run/trusted-dir';

/** Null when root can safely write images in `dir`; otherwise the refusal, naming the fix. */
export function imageDirectoryProblem(dir: string, option = 'location'): string | null {
  const found = untrustedDirectory(dir, { allowSticky: true });
  if (found === null) return null;
  if ('missing' in found) return `${option}: directory ${found.missing} does not exist; create it (or mount the NFS export) first.`;
  const where = found.dir === dir ? `directory ${dir}` : `directory ${found.dir}, above ${dir},`;
  return (
    `${option}: ${where} ${found.why} (mode ${found.mode}, owner uid ${found.owner}): another user could replace or read the images written there; nothing was run. ` +
    `Fix: ${found.fix}, or choose a directory only root can change.`
  );
}
