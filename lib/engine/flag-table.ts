// Option-to-flag tables: one row per module option, saying which AIX flag it becomes and how its
// value is rendered. The table is data: the command line is rendered from it, the flags a user
// may not repeat in `flags` are derived from it, and the docs can list it.

export interface FlagRule {
  /** Every flag this rule can produce. */
  readonly flags: readonly string[];
  render(value: unknown): string[];
  /** The option value that renders `flag` (with `arg` when the flag takes one): how a flag given in `flags` reads as the option. */
  valueOf(flag: string, arg: string | undefined): unknown;
}

export function whenTrue(flag: string): FlagRule {
  return { flags: [flag], render: (v) => (v === true ? [flag] : []), valueOf: () => true };
}

export function whenFalse(flag: string): FlagRule {
  return { flags: [flag], render: (v) => (v === false ? [flag] : []), valueOf: () => false };
}

/** `-x VALUE`; a list becomes one argument, its items joined by spaces (alt_disk_mksysb -d). */
export function withValue(flag: string): FlagRule {
  return {
    flags: [flag],
    render: (v) => {
      if (Array.isArray(v)) return v.length > 0 ? [flag, v.join(' ')] : [];
      return typeof v === 'string' && v !== '' ? [flag, v] : [];
    },
    valueOf: (_flag, arg) => arg,
  };
}

/** A choice option: each listed value gives its flag, any other value gives none. */
export function oneOf(map: Readonly<Record<string, string>>): FlagRule {
  return {
    flags: Object.values(map),
    render: (v) => {
      const flag = typeof v === 'string' && Object.hasOwn(map, v) ? map[v] : undefined;
      return flag === undefined ? [] : [flag];
    },
    valueOf: (flag) => Object.keys(map).find((k) => map[k] === flag),
  };
}

export interface FlagTable<P> {
  readonly rules: Readonly<Partial<Record<keyof P & string, FlagRule>>>;
  render(params: P): string[];
  /** Flag -> option, for every flag the options set on this run: the user may not repeat them. */
  managed(params: P): Record<string, string>;
  /** The option a flag belongs to, whether or not that option is set on this run. */
  optionOf(flag: string): (keyof P & string) | undefined;
}

export function flagTable<P>(rules: Partial<Record<keyof P & string, FlagRule>>): FlagTable<P> {
  const rows = Object.entries(rules) as [keyof P & string, FlagRule][];
  return {
    rules,
    render: (params) => rows.flatMap(([option, rule]) => rule.render(params[option])),
    managed: (params) => {
      const out: Record<string, string> = {};
      for (const [option, rule] of rows) {
        if (rule.render(params[option]).length === 0) continue;
        for (const flag of rule.flags) out[flag] = option;
      }
      return out;
    },
    optionOf: (flag) => rows.find(([, rule]) => rule.flags.includes(flag))?.[0],
  };
}
