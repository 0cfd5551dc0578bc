// POSIX getopt(3) as AIX commands use it: combined flags (`-lf F`, `-fF`), `--` ends options.
// Scanning stops at the first operand unless `permute` is set (savevg accepts `VG -Z`).

export interface Parsed {
  flags: Map<string, string[]>;
  operands: string[];
}

export type GetoptResult = { ok: true; parsed: Parsed } | { ok: false; message: string };

export function getopt(argv: string[], spec: string, permute = false): GetoptResult {
  const flags = new Map<string, string[]>();
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (!permute) {
        operands.push(...argv.slice(i));
        break;
      }
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j]!;
      const at = spec.indexOf(c);
      if (at < 0 || c === ':') return { ok: false, message: `illegal option -- ${c}` };
      const list = flags.get(c) ?? [];
      if (spec[at + 1] === ':') {
        let value = arg.slice(j + 1);
        if (!value) {
          if (i + 1 >= argv.length) return { ok: false, message: `option requires an argument -- ${c}` };
          value = argv[++i]!;
        }
        list.push(value);
        flags.set(c, list);
        break;
      }
      list.push('');
      flags.set(c, list);
    }
  }
  return { ok: true, parsed: { flags, operands } };
}

export const has = (p: Parsed, c: string): boolean => p.flags.has(c);
export const value = (p: Parsed, c: string): string | undefined => p.flags.get(c)?.at(-1);
