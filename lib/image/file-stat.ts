// The stat of a path the module is about to judge, or null when it cannot be had (absent, a
// component not a directory, no permission): every such case means "no usable file there", and
// the caller says what it expected to find.
import { lstatSync, statSync, type Stats } from 'node:fs';

export function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The same without following a final symlink, to tell a link from what it points at. */
export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
