// Files an admin names (data_file) are read once: copied into a private file in the state
// directory, checked there, and that copy is what the AIX command gets. Whoever can write the
// original cannot change it between the check and the command.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fail, ok, type Result } from '../result';
import { createOwned, errCode } from '../image/owned-file';
import { randomHex } from '../image/random-name';

/** A vgname.data or image.data is a few hundred KB; anything far larger is not one. */
const MAX_BYTES = 16 * 1024 * 1024;

export type PrivateCopy = Result<{ path: string; remove(): void }>;

export function privateCopy(option: string, path: string, stateDir: string): PrivateCopy {
  const dir = join(stateDir, 'private');
  let src: number;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory() || st.uid !== (process.getuid?.() ?? 0) || (st.mode & 0o077) !== 0) {
      return fail(`${option}: cannot copy ${path}: the module's directory ${dir} is not private to root; fix it with chown root ${dir} && chmod 700 ${dir}.`);
    }
    src = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return fail(`${option}: cannot read ${path} (${errCode(e)}); give the path of a file on the LPAR.`);
  }
  try {
    const st = fstatSync(src);
    if (!st.isFile()) return fail(`${option}: ${path} is not a regular file.`);
    if (st.size > MAX_BYTES) return fail(`${option}: ${path} is ${st.size} bytes, too large for a stanza file.`);
    const copyPath = join(dir, `${randomHex(8)}.${basename(path).replace(/[^\w.-]/g, '_')}`);
    const made = createOwned(copyPath, 0o600);
    if (!made.ok) return fail(`${option}: ${made.msg}`);
    const dst = openSync(copyPath, constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      copyAll(src, dst);
    } finally {
      closeSync(dst);
    }
    return ok({ path: copyPath, remove: () => rmSync(copyPath, { force: true }) });
  } catch (e) {
    return fail(`${option}: cannot copy ${path} (${errCode(e)}).`);
  } finally {
    closeSync(src);
  }
}

function copyAll(src: number, dst: number): void {
  const buf = Buffer.alloc(64 * 1024);
  for (let total = 0; ; ) {
    const n = readSync(src, buf, 0, buf.length, null);
    if (n === 0) return;
    total += n;
    if (total > MAX_BYTES) throw new Error('the file grew while it was copied');
    writeSync(dst, buf, 0, n);
  }
}
