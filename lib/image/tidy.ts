// A run that finds the image good has nothing to write, but it must not leave what a killed run
// left beside the images (its lock, its partial file): the image directory holds images only.
// Only a lock whose process is provably gone is touched; a live run's lock is left alone.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Tidy } from '../engine/plan';
import { acquireLock } from './lock';

export function leftoversTidy(lockPath: string, dir: string, isLeftover: (name: string) => boolean): Tidy {
  return {
    async run() {
      // The common case costs one stat: a killed run always leaves its lock, taken before writing.
      if (!existsSync(lockPath)) return null;
      const lock = await acquireLock(lockPath, 0);
      // A live run's lock is left alone; something planted at the lock path is worth a warning.
      if (!lock.ok) return lock.refused ? lock.msg : null;
      try {
        if (!lock.value.tookOver) return null;
        const removed = readdirSync(dir).filter(isLeftover);
        for (const f of removed) rmSync(join(dir, f), { force: true });
        const files = removed.length > 0 ? ` and ${removed.length} partial file(s) (${removed.join(', ')})` : '';
        return `Removed the lock${files} left by process ${lock.value.tookOver.pid} on ${lock.value.tookOver.host}, which was killed while writing; the image was not touched.`;
      } finally {
        lock.value.release();
      }
    },
  };
}
