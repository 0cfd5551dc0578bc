// ansible-core's type conversions for module options. Playbooks rely on them: `force: yes`,
// `force: "yes"`, `lock_timeout: "60"`, `disk: hdisk2,hdisk3`, `location: ~/img` all work with a
// Python module, so they must work here, and fail with the same kind of message when they cannot.
import { fail, ok, type Result } from '../result';
import type { AnsibleType, OptionSpec } from './spec';

export type Coerced = Result<unknown>;

const TRUE_WORDS = new Set(['y', 'yes', 'on', '1', 'true', 't', '1.0']);
const FALSE_WORDS = new Set(['n', 'no', 'off', '0', 'false', 'f', '0.0']);

export function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return undefined;
}

/** Python's str() of a scalar, which is what ansible-core's str conversion produces. */
function pythonStr(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** node:os on first use only: a path with ~ and no HOME is rare, and loading it costs start-up. */
function homeDirectory(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  const { homedir } = require('node:os') as typeof import('node:os');
  return homedir();
}

/** os.path.expanduser + os.path.expandvars, as ansible-core applies to type: path. */
export function expandPath(value: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = value;
  if (out === '~' || out.startsWith('~/')) out = (env.HOME ?? homeDirectory()) + out.slice(1);
  if (!out.includes('$')) return out;
  return out.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a: string | undefined, b: string | undefined) => {
    const v = env[(a ?? b) as string];
    return v === undefined ? whole : v;
  });
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'dict';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  return 'str';
}

function scalar(name: string, type: Exclude<AnsibleType, 'list' | 'dict'>, value: unknown): Coerced {
  switch (type) {
    case 'raw':
      return ok(value);
    case 'bool': {
      const b = toBool(value);
      if (b !== undefined) return ok(b);
      return {
        ok: false,
        msg: `${name}: ${JSON.stringify(value)} is not a boolean; use true or false (yes/no, on/off and 1/0 are accepted too).`,
      };
    }
    case 'int': {
      if (typeof value === 'number' && Number.isInteger(value)) return ok(value);
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return ok(Number(value));
      return fail(`${name}: ${JSON.stringify(value)} is not an integer; give a whole number such as 60.`);
    }
    case 'float': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
      if (Number.isFinite(n) && !(typeof value === 'string' && value.trim() === '')) return ok(n);
      return fail(`${name}: ${JSON.stringify(value)} is not a number.`);
    }
    case 'str':
    case 'path': {
      const s = pythonStr(value);
      if (s === undefined) {
        return fail(`${name}: expected a string, got a ${typeName(value)}; give a single value such as "${name}: text".`);
      }
      if (s.includes('\u0000')) return fail(`${name}: the value contains a NUL character; remove it.`);
      return ok(type === 'path' ? expandPath(s) : s);
    }
  }
}

function list(name: string, elements: OptionSpec['elements'], value: unknown): Coerced {
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  else if (typeof value === 'number') items = [String(value)];
  else return fail(`${name}: expected a list, got a ${typeName(value)}; give a YAML list or a comma-separated string.`);
  const out: unknown[] = [];
  for (const [i, item] of items.entries()) {
    const c = scalar(`${name}[${i}]`, elements ?? 'raw', item);
    if (!c.ok) return c;
    out.push(c.value);
  }
  return ok(out);
}

/** A YAML boolean given to a str option whose choices hold exactly one word of that truth value. */
function boolChoice(value: unknown, choices: string[]): unknown {
  if (value !== 'True' && value !== 'False') return value;
  const words = value === 'True' ? TRUE_WORDS : FALSE_WORDS;
  const overlap = choices.filter((c) => words.has(c.toLowerCase()));
  return overlap.length === 1 ? overlap[0] : value;
}

export function coerceOption(name: string, spec: OptionSpec, value: unknown): Coerced {
  let c: Coerced;
  if (spec.type === 'list') c = list(name, spec.elements, value);
  else if (spec.type === 'dict') {
    c = typeof value === 'object' && value !== null && !Array.isArray(value)
      ? ok(value)
      : fail(`${name}: expected a dictionary, got a ${typeName(value)}.`);
  } else c = scalar(name, spec.type, value);
  if (!c.ok || !spec.choices) return c;
  const chosen = boolChoice(c.value, spec.choices);
  if (typeof chosen === 'string' && !spec.choices.includes(chosen)) {
    return fail(`value of ${name} must be one of: ${spec.choices.join(', ')}, got: ${chosen}`);
  }
  return ok(chosen);
}
