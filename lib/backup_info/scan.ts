// The image files named by `paths`: a file as given, a directory's regular files (not
// recursively). Skipped in a directory: hidden files (a backup under way writes to a hidden
// `.NAME.partial-*`; NFS leaves `.nfsXXXX`) and lock files, which are never images. A path the
// admin names is followed like any location; a symlink found in a directory is not: anyone who
// can write a shared image directory could point one at a tape or a FIFO, and root would read
// it. Such a link is listed apart, for a warning.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isLockName } from '../image/lock';
import { fail, ok, type Result } from '../result';

export interface Scanned {
  files: string[];
  /** Symlinks found in the directories, never followed. */
  links: string[];
}

export type Scan = Result<Scanned>;

export function scanPaths(paths: readonly string[]): Scan {
  const files = new Set<string>();
  const links = new Set<string>();
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
      const entry = lstatSync(full, { throwIfNoEntry: false });
      if (entry?.isSymbolicLink()) links.add(full);
      else if (entry?.isFile()) files.add(full);
    }
  }
  return ok({ files: [...files].sort(), links: [...links].filter((l) => !files.has(l)).sort() });
}

/** The warning for the links a scan did not follow. */
export function linksWarning(links: readonly string[]): string | null {
  if (links.length === 0) return null;
  const shown = links.slice(0, 5).join(', ') + (links.length > 5 ? ', ...' : '');
  return `paths: ${links.length} symbolic link(s) in the directories were not followed (${shown}); an image is read only where it is. Name a link in paths itself to read what it points at.`;
}
