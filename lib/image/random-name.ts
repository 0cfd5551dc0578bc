// Unpredictable names for the files the module creates beside images and in its state directory.
//
// The bytes come from the kernel's /dev/urandom, read directly: loading node:crypto for them cost
// every run that creates a file ~3-5 ms of CPU (its JavaScript and OpenSSL's set-up), and a no-op
// creates none. /dev/urandom is used only when it is a character device that gives every byte
// asked for; otherwise node:crypto draws them, loaded then.
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';

const URANDOM = '/dev/urandom';

export function randomHex(bytes: number): string {
  return (kernelRandom(bytes) ?? cryptoRandom(bytes)).toString('hex');
}

/** `bytes` bytes from /dev/urandom, or null when it cannot give them all. */
export function kernelRandom(bytes: number, path = URANDOM): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!fstatSync(fd).isCharacterDevice()) return null;
    const out = Buffer.alloc(bytes);
    for (let at = 0; at < bytes; ) {
      const n = readSync(fd, out, at, bytes - at, null);
      if (n <= 0) return null;
      at += n;
    }
    return out;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

function cryptoRandom(bytes: number): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when /dev/urandom fails, see above
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  return randomBytes(bytes);
}
