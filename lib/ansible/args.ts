// Reads a module's arguments the three ways they arrive: written into the module file by
// ansible-core (a jsonargs module: the marker's line, handed over by the loader), a JSON file named
// on the command line (`node module.js ARGS_FILE`, as for a WANT_JSON module) or JSON on stdin.
import { readFileSync } from 'node:fs';
import { fail, ok, type Result } from '../result';

export type ArgsResult = Result<Record<string, unknown>>;

/** ansible-core's jsonargs marker, as the line holds it until ansible-core replaces it. Built in
 * two parts: ansible-core replaces every occurrence of the marker in the file it sends. */
const UNSUBSTITUTED = ['<<INCLUDE_ANSIBLE_MODULE', '_JSON_ARGS>>'].join('');

/**
 * `embedded` is the module file's arguments line; once ansible-core has written the task's
 * arguments over its marker, they are the arguments, whatever the command line or stdin hold.
 */
export function readArgs(argv: readonly string[], readStdin: () => string, embedded?: string): ArgsResult {
  if (embedded !== undefined && embedded !== UNSUBSTITUTED) {
    const file = argv[1] === undefined ? 'the module file read from standard input' : argv[1];
    return parseArgs(embedded, `the arguments line ansible-core wrote into ${file}`);
  }
  const file = argv[2];
  let text: string;
  let source: string;
  if (file !== undefined) {
    source = `the arguments file ${file}`;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      return fail(`Cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  } else {
    source = 'standard input';
    try {
      text = readStdin();
    } catch {
      text = '';
    }
  }
  return parseArgs(text, source);
}

export function parseArgs(text: string, source: string): ArgsResult {
  if (text.trim() === '') {
    return {
      ok: false,
      msg: `No module arguments on ${source}: pass a JSON object, either the options themselves or {"ANSIBLE_MODULE_ARGS": {...}}.`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return fail(`The module arguments on ${source} are not valid JSON: ${(err as Error).message}`);
  }
  if (!isPlainObject(parsed)) {
    return fail(`The module arguments on ${source} must be a JSON object, not ${describe(parsed)}.`);
  }
  if ('ANSIBLE_MODULE_ARGS' in parsed) {
    const inner = parsed.ANSIBLE_MODULE_ARGS;
    if (!isPlainObject(inner)) {
      return fail(`ANSIBLE_MODULE_ARGS on ${source} must be a JSON object, not ${describe(inner)}.`);
    }
    return ok(inner);
  }
  return ok(parsed);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
