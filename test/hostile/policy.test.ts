// The decisions under the hostile-host guarantees, in-process: which directories are trusted,
// which headers name this LPAR, which ages are suspect. The process tests beside this file prove
// the same through the built module; these pin the edge cases down.
import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBackupInfo } from '../../lib/aix/parse/listvgbackup';
import { untrustedDirectory } from '../../lib/aix/run/trusted-dir';
import { madeBy, originOf } from '../../lib/image/provenance';
import { imageAge, youngEnough } from '../../lib/image/report';
import type { ImageState } from '../../lib/image/reader';
import { RECORD_FORMAT, type ImageRecord } from '../../lib/image/records';

const header = (uname: string, date: string) =>
  parseBackupInfo(`VOLUME GROUP:           rootvg\nBACKUP DATE/TIME:       ${date}\nUNAME INFO:             ${uname}\n\n`);

function complete(date: string, mtimeMs: number): ImageState {
  const parsed = header('AIX lpar1 3 7 00C8AAAA4C00', date);
  if (!parsed.ok) throw new Error('fixture');
  const info = parsed.value;
  const record: ImageRecord = { format: RECORD_FORMAT, location: '/x', kind: 'mksysb', dev: 1, ino: 2, size: 3, mtimeMs, ctimeMs: mtimeMs, nlink: 1, uid: 0, verifiedAt: new Date().toISOString(), madeHere: true, info };
  return { present: true, complete: true, info, kind: 'mksysb', record, checkedNow: false };
}

describe('provenance', () => {
  const me = { host: 'lpar1', machineId: '00C8AAAA4C00' };
  it('needs both the host name and the machine ID (any case) of this LPAR', () => {
    const ok = header('AIX lpar1 3 7 00c8aaaa4c00', 'Tue Dec  1 07:13:59 UTC 2026');
    const clone = header('AIX lpar1 3 7 00C8BBBB4C00', 'Tue Dec  1 07:13:59 UTC 2026');
    const other = header('AIX lpar2 3 7 00C8AAAA4C00', 'Tue Dec  1 07:13:59 UTC 2026');
    const short = header('AIX lpar1 3 7', 'Tue Dec  1 07:13:59 UTC 2026');
    if (!ok.ok || !clone.ok || !other.ok || !short.ok) throw new Error('fixture');
    expect(madeBy(ok.value, me)).toBe(true);
    expect(madeBy(clone.value, me)).toBe(false);
    expect(madeBy(other.value, me)).toBe(false);
    expect(madeBy(short.value, me)).toBe(false);
    expect(originOf(clone.value)).toBe('lpar1 (machine ID 00C8BBBB4C00)');
  });
});

describe('honest ages', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('a date more than 5 minutes ahead has no age and is never young enough', () => {
    const ahead = complete('Tue Dec  1 12:06:00 UTC 2026', now);
    expect(imageAge(ahead, now)).toEqual({ seconds: null, suspect: 'dated in the future (Tue Dec  1 12:06:00 UTC 2026): clock skew?' });
    expect(youngEnough(ahead, 86400, now)).toBe(false);
    expect(imageAge(complete('Tue Dec  1 12:04:00 UTC 2026', now), now)).toEqual({ seconds: 0, suspect: null });
  });
  it('an unknown zone takes the age from the file mtime, never from the last check', () => {
    const age = imageAge(complete('Tue Dec  1 12:00:00 XYZ 2026', now - 3 * 86400_000), now);
    expect(age.seconds).toBe(3 * 86400);
    expect(age.suspect).toMatch(/unknown: age from the file's modification time$/);
  });
});

describe('trusted directories', () => {
  it('a sticky world-writable directory is trusted only where allowed; a non-sticky one never', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-'));
    try {
      chmodSync(dir, 0o1777);
      expect(untrustedDirectory(dir, { allowSticky: true })).toBeNull();
      expect(untrustedDirectory(dir, { allowSticky: false })).toMatchObject({ dir, why: 'is writable by everyone', mode: 'drwxrwxrwt (1777)' });
      chmodSync(dir, 0o770);
      expect(untrustedDirectory(dir, { allowSticky: true })).toMatchObject({ dir, why: 'is writable by its group without the sticky bit' });
      chmodSync(dir, 0o755);
      expect(untrustedDirectory(join(dir, 'missing'), { allowSticky: true })).toEqual({ missing: join(dir, 'missing') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
