// The image files named by `paths`: a file as given, a directory's regular files (not
// recursively). Skipped in a directory: hidden files (a backup under way writes to a hidden
// `.NAME.partial-*`; NFS leaves `.nfsXXXX`) and lock files, which are never images.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isLockName } from '../backup/lock';
import { fail, ok, type Result } from '../result';

export type Scan = Result<string[]>;

export function scanPaths(paths: readonly string[]): Scan {
  const files = new Set<string>();
  for (const path of paths) {
    if (!isAbsolute(path)) return fail(`paths: "${path}" is not an absolute path.`);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return fail(`paths: ${path} does not exist (not mounted?).`);
    if (!st.isDirectory()) {
      files.add(path);
      continue;
    }
    for (const name of readdirSync(path)) {
      if (name.startsWith('.') || isLockName(name)) continue;
      const full = join(path, name);
      if (statSync(full, { throwIfNoEntry: false })?.isFile()) files.add(full);
    }
  }
  return ok([...files].sort());
}
