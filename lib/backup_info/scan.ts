// The image files named by `paths`: a file as given, a directory's regular files (not
// recursively). Skipped in a directory: hidden files (a backup under way writes to a hidden
// `.NAME.partial-*`; NFS leaves `.nfsXXXX`) and lock files, which are never images.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export type Scan = { ok: true; files: string[] } | { ok: false; error: string };

const isLock = (name: string): boolean => name.endsWith('.lock') || name.includes('.lock.stale.');

export function scanPaths(paths: readonly string[]): Scan {
  const files = new Set<string>();
  for (const path of paths) {
    if (!isAbsolute(path)) return { ok: false, error: `paths: "${path}" is not an absolute path.` };
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return { ok: false, error: `paths: ${path} does not exist (not mounted?).` };
    if (!st.isDirectory()) {
      files.add(path);
      continue;
    }
    for (const name of readdirSync(path)) {
      if (name.startsWith('.') || isLock(name)) continue;
      const full = join(path, name);
      if (statSync(full, { throwIfNoEntry: false })?.isFile()) files.add(full);
    }
  }
  return { ok: true, files: [...files].sort() };
}
