// backup_info through the engine: read every image once (a recorded, unchanged image costs no AIX
// command; any other gets the full check, and its record is kept in the state directory, never
// beside the images), then report. It never decides to act, so check mode changes nothing either.
import type { Io } from '../engine/io';
import type { Planner } from '../engine/plan';
import { ok } from '../result';
import { formatDuration } from '../image/duration';
import { readImage } from '../image/reader';
import { ImageStore } from '../image/records';
import { imageLockPath } from '../image/lock';
import { imageReport, type BackupReport } from '../image/report';
import { staleGroups, type StaleEntry } from './stale';

interface InfoState {
  images: BackupReport[];
  stale: StaleEntry[];
}

export function infoPlanner(files: readonly string[], pathCount: number, warnAge: { text: string; seconds: number }, io: Io): Planner<InfoState> {
  const store = new ImageStore(io.stateDir);
  return {
    async read() {
      const images: BackupReport[] = [];
      for (const path of files) {
        // The lock path is never used: reading takes no lock.
        const image = await readImage(io, { given: path, kind: 'file', path, lockPath: imageLockPath(path) }, store);
        images.push(imageReport(path, image) ?? emptyFile(path));
      }
      return ok({ images, stale: staleGroups(images, warnAge.seconds) });
    },
    decide({ images, stale }) {
      const complete = images.filter((i) => i.complete).length;
      const bad = images.filter((i) => !i.complete);
      // An image that cannot be read names no volume group: say so, never let it vanish into
      // "no stale volume group".
      const unusable = bad.length === 0 ? '' : `; ${bad.length} not usable (each one's problem is in images): ${bad.slice(0, 5).map((i) => i.location).join(', ')}${bad.length > 5 ? ', ...' : ''}`;
      const found = `${count(images.length, 'image')} in ${count(pathCount, 'path')}, ${complete} complete${unusable}`;
      if (stale.length === 0) {
        const none = bad.length === 0 ? 'no stale volume group' : 'no stale volume group among the images that could be read';
        return { kind: 'met', msg: `${found}; ${none} (warn_age ${warnAge.text}).` };
      }
      const list = stale.map((s) => `${s.hostname ?? '?'} ${s.volume_group} (${s.age_seconds === null ? 'no complete image' : formatDuration(s.age_seconds)})`);
      return { kind: 'met', msg: `${found}; older than warn_age ${warnAge.text}: ${list.join(', ')}.` };
    },
    executors: {},
    undoers: {},
    report(state) {
      return { images: state?.images ?? [], stale: state?.stale ?? [] };
    },
  };
}

/** An empty file is no image (AIX says 0512-054), but it is in the directory: list it as such. */
function emptyFile(location: string): BackupReport {
  return {
    location, kind: null, complete: false, volume_group: null, date: null, date_text: null, uname: null, hostname: null,
    oslevel: null, maintenance_level: null, servicepack_level: null, size_mb: null, shrink_size_mb: null,
    vg_data_only: null, logical_volumes: [], age_seconds: null, verified_at: null, problem: 'the file is empty or is not a backup image (0512-054)',
  };
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
