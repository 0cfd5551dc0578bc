import { fail, ok, type Result } from '../../result';
import { quoteLine } from './text';

/**
 * Parse `ulimit -f`: the file size limit in 512-byte blocks, or `unlimited` (null). The limit
 * is the calling process's own, inherited by every command it starts: the one mksysb and
 * savevg will write the image under.
 */
export function parseFsizeBlocks(text: string): Result<number | null> {
  const word = text.trim();
  if (word === 'unlimited') return ok(null);
  if (/^\d{1,18}$/.test(word)) return ok(Number(word));
  return fail(`ulimit -f printed ${quoteLine(word)}, not a number of blocks or "unlimited"`);
}
