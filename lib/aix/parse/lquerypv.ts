import { fail, ok, type Result } from '../../result';
import { quoteLine, splitLines } from './text';

/**
 * Parse `lquerypv -h PV [offset [length]]`: one line per 16 bytes, an offset, the bytes as hex
 * words, then the same bytes as text between bars, e.g.
 * `00000020   4F52434C 4449534B 00000000 00000000  |ORCLDISK........|`. Only public
 * transcripts show the form, so any word width (2 to 8 hex digits), lower case, and a missing
 * text column are accepted; a line that is none of these is an error, not a silent skip.
 * Returns the bytes from the first offset on.
 */
export function parseHexDump(text: string): Result<Buffer> {
  const chunks: Buffer[] = [];
  let next: number | null = null;
  for (const line of splitLines(text)) {
    if (line.trim() === '') continue;
    const m = /^\s*([0-9A-Fa-f]{1,16}):?\s+((?:[0-9A-Fa-f]{2,8}(?:\s+|$))+)(?:\|.*)?$/.exec(line);
    const words = m?.[2]?.trim().split(/\s+/) ?? [];
    if (m === null || words.some((w) => w.length % 2 !== 0)) {
      return fail(`lquerypv: cannot read the line ${quoteLine(line)}: expected an offset and hexadecimal words`);
    }
    const offset = parseInt(m[1] as string, 16);
    if (next !== null && offset !== next) return fail(`lquerypv: the dump jumps from offset ${next.toString(16)} to ${offset.toString(16)}`);
    const bytes = Buffer.from(words.join(''), 'hex');
    chunks.push(bytes);
    next = offset + bytes.length;
  }
  if (chunks.length === 0) return fail('lquerypv printed no dump');
  return ok(Buffer.concat(chunks));
}

/** Oracle ASM writes this provider string into the header of every disk it owns. */
const ASM_LABEL = Buffer.from('ORCLDISK', 'latin1');

/** Whether the dumped bytes hold an Oracle ASM disk header. */
export function hasAsmLabel(bytes: Buffer): boolean {
  return bytes.includes(ASM_LABEL);
}
