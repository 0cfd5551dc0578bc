// Where the bench finds what it measures, and the environment every measured process gets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');
export const MODULE = join(ROOT, 'dist/modules/backup.js');
/** What ansible-core shipped per task for the Python module used today (its AnsiballZ payload). */
export const PYTHON_PAYLOAD_BYTES = 144.5 * 1024;

/**
 * The environment of a measured process: this one's, minus NODE_EXTRA_CA_CERTS (node reads and
 * parses the whole CA bundle at start-up when it is set, ~40 ms on this machine, a cost that has
 * nothing to do with the module) and NODE_OPTIONS (a --require there would run in every process).
 * Both sides of a comparison get the same environment.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  return env;
}

/** The flags of the module's first line, which ansible-core passes to the interpreter too. */
export function shebangFlags(): string[] {
  const first = readFileSync(MODULE, 'utf8').split('\n', 1)[0] ?? '';
  return first.slice(2).trim().split(/\s+/).slice(1);
}
