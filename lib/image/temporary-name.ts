// The names of the temporary images the module writes beside an image: no one can take one for
// an image (hidden, and marked partial), nor guess it in advance. Shared by the writer
// (lib/create/write-image.ts) and the scans that must never count one (dated-images.ts).
import { basename, dirname, join } from 'node:path';
import { randomHex } from './random-name';

/** Marks a file that is being written: never an image, whoever lists the directory. */
export const PARTIAL_MARK = '.partial-';

/** The start of the temporary names of any run writing `location` (see temporaryPath). */
export function partialPrefix(location: string): string {
  return `.${basename(location)}${PARTIAL_MARK}`;
}

/** The temporary image of this run beside `location`: 96 random bits, never the host or the pid. */
export function temporaryPath(location: string, token: string): string {
  return join(dirname(location), `${partialPrefix(location)}${token}`);
}

/**
 * The random part of a run's temporary names: 96 bits, drawn once per run, on first use, so both
 * decisions of an apply name the same file and a no-op (which names none) never loads node:crypto.
 */
export function temporaryToken(): () => string {
  let token: string | undefined;
  return () => (token ??= randomHex(12));
}
