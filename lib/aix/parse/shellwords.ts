import { fail, ok, type Result } from '../../result';

/**
 * Split the user's `flags` string into arguments the way a POSIX shell would
 * split words — and do nothing else a shell does. No shell ever runs: there is
 * no expansion, globbing, redirection or command separation, so `;|&$()<>*`
 * and `#` are ordinary characters inside tokens.
 *
 * - whitespace (space, tab, newline) separates tokens;
 * - '...' keeps everything literally;
 * - "..." keeps everything, except that a backslash escapes `\ " $ `` ` and
 *   a backslash-newline is removed; before any other character it stays;
 * - outside quotes a backslash makes the next character literal, and a
 *   backslash-newline is removed;
 * - quotes join with adjacent text (`-x'/a b'` is one token); `''` is an empty token.
 */
export function shellSplit(text: string): Result<string[]> {
  const tokens: string[] = [];
  let cur = '';
  let inToken = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inToken) tokens.push(cur);
      cur = '';
      inToken = false;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return fail(`unbalanced single quote at character ${i + 1}; close it with another '`);
      cur += text.slice(i + 1, end);
      inToken = true;
      i = end + 1;
    } else if (c === '"') {
      const start = i;
      i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < text.length) {
          const e = text[i + 1]!;
          if (e === '\n') {
            i += 2;
            continue;
          }
          if (e === '\\' || e === '"' || e === '$' || e === '`') {
            cur += e;
            i += 2;
            continue;
          }
        }
        cur += d;
        i++;
      }
      if (!closed) return fail(`unbalanced double quote at character ${start + 1}; close it with another "`);
      inToken = true;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return fail('ends with a lone backslash; remove it or escape it as \\\\');
      const e = text[i + 1]!;
      if (e !== '\n') {
        cur += e;
        inToken = true;
      }
      i += 2;
    } else {
      cur += c;
      inToken = true;
      i++;
    }
  }
  if (inToken) tokens.push(cur);
  return ok(tokens);
}
