// Reading a directory that others may fill: entry by entry (never the whole listing in memory),
// and at most a fixed number of entries, so planted files cost a bounded time.
import { opendirSync } from 'node:fs';

/**
 * Entries read from one directory at most. A directory of images never comes near it; one that
 * does holds something else, and the scan says so.
 */
export const SCAN_LIMIT = 100_000;

/** Calls `onName` for each entry; true when the directory had more than `limit` entries. */
export function scanDir(dir: string, onName: (name: string) => void, limit = SCAN_LIMIT): boolean {
  const handle = opendirSync(dir);
  try {
    for (let read = 0; ; read++) {
      const entry = handle.readSync();
      if (entry === null) return false;
      if (read >= limit) return true;
      onName(entry.name);
    }
  } finally {
    handle.closeSync();
  }
}
