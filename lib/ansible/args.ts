// Reads a module's arguments the two ways they arrive: a JSON file named on the command line
// (ansible-core runs a WANT_JSON module as `node module.js ARGS_FILE`) or JSON on stdin.
import { readFileSync } from 'node:fs';
import { fail, ok, type Result } from '../result';

export type ArgsResult = Result<Record<string, unknown>>;

export function readArgs(argv: readonly string[], readStdin: () => string): ArgsResult {
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
