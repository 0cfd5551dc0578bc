// Splits the internal _ansible_* keys that ansible-core adds to every module's arguments from
// the user's options. They describe how to run (check mode, diff, no_log...), never what to do.

export interface AnsibleContext {
  checkMode: boolean;
  diff: boolean;
  noLog: boolean;
  debug: boolean;
  verbosity: number;
  moduleName: string | null;
  version: string | null;
  tmpdir: string | null;
  /** Every _ansible_* key as received, for completeness. */
  raw: Record<string, unknown>;
}

const INTERNAL_PREFIX = '_ansible_';

export function splitContext(args: Record<string, unknown>): {
  context: AnsibleContext;
  options: Record<string, unknown>;
} {
  // No prototype: a key "__proto__" (JSON.parse makes it an ordinary own key) must stay a key,
  // and so be refused as an unknown option, instead of silently becoming the object's prototype.
  const raw: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const options: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(args)) {
    if (key.startsWith(INTERNAL_PREFIX)) raw[key.slice(INTERNAL_PREFIX.length)] = value;
    else options[key] = value;
  }
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  return {
    options,
    context: {
      checkMode: raw.check_mode === true,
      diff: raw.diff === true,
      noLog: raw.no_log === true,
      debug: raw.debug === true,
      verbosity: typeof raw.verbosity === 'number' ? raw.verbosity : 0,
      moduleName: str(raw.module_name),
      version: str(raw.version),
      tmpdir: str(raw.tmpdir),
      raw,
    },
  };
}
