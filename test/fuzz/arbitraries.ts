// Generated arguments for the backup module. Every case says whether it is invalid by
// construction (then the module must fail before running any AIX command) and which strings
// carry a shell payload (then no shell may ever run it). Option names and types come from the
// schema, so a new option is fuzzed as soon as it exists.
import fc from 'fast-check';
import { basename } from 'node:path';
import schema from '../../schemas/backup.schema.json';

type OptionType = 'str' | 'path' | 'list' | 'bool' | 'int';
const OPTIONS = Object.entries(schema.properties as Record<string, { enum?: string[]; 'x-ansible': { type: OptionType } }>).map(
  ([name, p]) => ({ name, type: p['x-ansible'].type, choices: p.enum }),
);
const NAMES = new Set(OPTIONS.map((o) => o.name));

export interface Case {
  /** Why the module must refuse it before any command, or null when it may run commands. */
  invalid: string | null;
  args: Record<string, unknown>;
  /** Text for the args file instead of `args` as JSON: not JSON, not an object... */
  raw?: string;
}

/**
 * Shell payloads that create a marker file if any shell ever evaluates them: `marker` as an
 * absolute path, and `name` alone (created in the shell's working directory), so that a payload
 * without "/" fits in a file name.
 */
export function payloads(marker: string, name: string): string[] {
  const forms = (m: string): string[] => [`$(touch ${m})`, `\`touch ${m}\``, `; touch ${m}`, `| touch ${m}`, `&& touch ${m}`, `\ntouch ${m}`, `' ; touch ${m} ; '`, `"$(touch ${m})"`, `>${m}`];
  return [...forms(name), ...forms(marker)];
}

function hostile(marker: string): fc.Arbitrary<string> {
  const payload = fc.constantFrom(...payloads(marker, basename(marker)));
  const short = fc.string({ maxLength: 12 });
  return fc.oneof(
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
    { arbitrary: payload, weight: 3 },
    { arbitrary: fc.tuple(short, payload, short).map(([a, p, b]) => a + p + b), weight: 3 },
    { arbitrary: fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'A'.repeat(n)), weight: 1 },
    { arbitrary: fc.constantFrom('', ' ', '-', '--', '-v -v', '-i', '-Q', '-b 128', '-x /etc/exclude', '\u202e', '..', '~', '$HOME'), weight: 2 },
  );
}

/** Values that are plausible for each option, so a share of the cases reaches the simulator. */
function plausible(name: string, dir: string, marker: string): fc.Arbitrary<unknown> {
  const h = hostile(marker);
  switch (name) {
    case 'name':
      return fc.oneof(fc.constantFrom('datavg', 'rootvg', 'hdisk2', 'hdisk3', 'nosuchvg'), h);
    case 'location':
      return fc.oneof(
        fc.constantFrom(`${dir}/a.img`, `${dir}/b.img`, dir, '/dev/rmt0', '/dev/rmt9'),
        h.filter((s) => !s.includes('/') && s.length < 200).map((s) => `${dir}/${s}`),
        h,
      );
    case 'flags':
      return fc.oneof(fc.constantFrom('-v', '-p', '-X', '-b 64', '-A', ''), h);
    case 'disk':
      return fc.oneof(fc.constant(['hdisk2']), fc.constant('hdisk3'), fc.array(h, { maxLength: 3 }));
    default:
      return h;
  }
}

function valueFor(option: (typeof OPTIONS)[number], dir: string, marker: string): fc.Arbitrary<unknown> {
  if (option.choices) return fc.constantFrom(...option.choices);
  switch (option.type) {
    case 'bool':
      return fc.oneof(fc.boolean(), fc.constantFrom('yes', 'no', 'on', 'off', 1, 0));
    case 'int':
      return option.name === 'lock_timeout' ? fc.constantFrom(0, 1, '0') : fc.integer({ min: 0, max: 5 });
    default:
      return plausible(option.name, dir, marker);
  }
}

/** Arguments that may be valid: known options, each plausible or hostile. */
function maybeValid(dir: string, marker: string): fc.Arbitrary<Record<string, unknown>> {
  const optional = OPTIONS.filter((o) => o.name !== 'action' && o.name !== 'lock_timeout');
  const model = Object.fromEntries(optional.map((o) => [o.name, valueFor(o, dir, marker)]));
  return fc
    .tuple(
      fc.constantFrom('create', 'view', 'restore'),
      fc.record(model, { requiredKeys: [] }),
      fc.record({ _ansible_check_mode: fc.boolean(), _ansible_diff: fc.boolean(), _ansible_module_name: hostile(marker) }, { requiredKeys: [] }),
    )
    // A lock never makes a fuzz case wait: a run that holds one here is a live run of the same test.
    .map(([action, opts, ctx]) => ({ action, ...opts, ...ctx, lock_timeout: 0 }));
}

/** What a playbook would say, now and then with a payload or a check-mode flag: these reach the simulator. */
function sane(dir: string, marker: string): fc.Arbitrary<Record<string, unknown>> {
  const payload = fc.constantFrom(...payloads(marker, basename(marker)).filter((p) => !p.includes('/')));
  return fc
    .record(
      {
        action: fc.constantFrom('create', 'create', 'view', 'restore'),
        type: fc.constantFrom('mksysb', 'savevg'),
        name: fc.oneof(fc.constantFrom('datavg', 'rootvg', 'hdisk2', 'nosuchvg'), payload.map((p) => `datavg${p}`)),
        location: fc.oneof(fc.constantFrom(`${dir}/a.img`, `${dir}/b.img`, `${dir}/gone/c.img`, dir, '/dev/rmt0'), payload.map((p) => `${dir}/x${p}.img`)),
        flags: fc.oneof(fc.constantFrom('-v', '-p', '-X', '-b 64', '-Q', '-i'), payload.map((p) => `-x '${p}'`)),
        disk: fc.oneof(fc.constant(['hdisk2']), payload.map((p) => [`hdisk2${p}`])),
        force: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
        _ansible_check_mode: fc.boolean(),
      },
      { requiredKeys: ['action', 'location'] },
    )
    .map((args) => ({ ...args, lock_timeout: 0 }));
}

const nested = fc.oneof(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }), { minKeys: 0, maxKeys: 3 }), fc.array(fc.jsonValue({ maxDepth: 3 })));

/** One change that makes any arguments invalid, with the reason. */
type Breaker = [why: string, apply: (args: Record<string, unknown>) => void];

function breaker(marker: string): fc.Arbitrary<Breaker> {
  const strOption = fc.constantFrom(...OPTIONS.filter((o) => (o.type === 'str' || o.type === 'path') && !o.choices).map((o) => o.name));
  const boolOption = fc.constantFrom(...OPTIONS.filter((o) => o.type === 'bool').map((o) => o.name));
  const enumOption = fc.constantFrom(...OPTIONS.filter((o) => o.choices).map((o) => o.name));
  const unknownKey = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'Action', 'ANSIBLE_MODULE_ARGS ', 'location\u0000'))
    .filter((k) => !NAMES.has(k) && !k.startsWith('_ansible_') && k !== 'ANSIBLE_MODULE_ARGS');
  const set = (args: Record<string, unknown>, key: string, value: unknown): void => {
    // An own property even for "__proto__", as JSON.parse makes it.
    Object.defineProperty(args, key, { value, enumerable: true, writable: true, configurable: true });
  };
  return fc.oneof(
    fc.tuple(unknownKey, fc.jsonValue({ maxDepth: 2 })).map(([k, v]): Breaker => [`unknown option ${JSON.stringify(k)}`, (a) => set(a, k, v)]),
    fc.tuple(strOption, nested).map(([k, v]): Breaker => [`${k} is not a string`, (a) => set(a, k, v)]),
    fc.tuple(strOption, hostile(marker), hostile(marker)).map(([k, x, y]): Breaker => [`${k} holds a NUL`, (a) => set(a, k, `${x}\u0000${y}`)]),
    fc.tuple(boolOption, fc.oneof(nested, fc.string({ minLength: 2 }).map((s) => `x${s}`), fc.constant(2))).map(([k, v]): Breaker => [`${k} is not a boolean`, (a) => set(a, k, v)]),
    fc.tuple(enumOption, fc.string({ maxLength: 10 })).map(([k, v]): Breaker => [`${k} is not one of its choices`, (a) => set(a, k, `zz${v}`)]),
    fc.tuple(fc.constantFrom('lock_timeout', 'keep'), fc.oneof(fc.constant(1.5), fc.constant(-1), fc.string({ minLength: 1 }).map((s) => `x${s}`), nested)).map(([k, v]): Breaker => [`${k} is not a whole number`, (a) => set(a, k, v)]),
    fc.tuple(fc.constant('disk'), fc.oneof(fc.dictionary(fc.string(), fc.string(), { minKeys: 1 }), fc.array(nested, { minLength: 1 }))).map(([k, v]): Breaker => [`disk is not a list of strings`, (a) => set(a, k, v)]),
  );
}

const rawTexts = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).filter((t) => { try { const v: unknown = JSON.parse(t); return typeof v !== 'object' || v === null || Array.isArray(v); } catch { return true; } }),
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)),
  fc.oneof(fc.array(fc.jsonValue({ maxDepth: 2 })), fc.string(), fc.integer(), fc.constant(null)).map((v) => JSON.stringify({ ANSIBLE_MODULE_ARGS: v })),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => `{"action":"view","location":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
);

/**
 * The mix: most cases invalid (cheap: they end before any command, which is what they test),
 * a share that may be valid and reach the simulator, and raw texts that are no arguments at all.
 */
export function cases(dir: string, marker: string): fc.Arbitrary<Case> {
  const broken = fc.tuple(maybeValid(dir, marker), breaker(marker)).map(([args, [why, apply]]): Case => (apply(args), { invalid: why, args }));
  return fc.oneof(
    { arbitrary: broken, weight: 14 },
    { arbitrary: maybeValid(dir, marker).map((args): Case => ({ invalid: null, args })), weight: 3 },
    { arbitrary: sane(dir, marker).map((args): Case => ({ invalid: null, args })), weight: 2 },
    { arbitrary: rawTexts.map((raw): Case => ({ invalid: 'not a JSON object of options', args: {}, raw })), weight: 1 },
  );
}
