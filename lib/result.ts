/**
 * The one result shape of lib/: a value, or a failure whose `msg` is written for the admin
 * running the playbook (what went wrong, on which option or path, and the fix). Parsers,
 * readers, guards and steps all return it, so a failure reaches the module's JSON result as the
 * same `msg` without being renamed or rewrapped on the way. A failure may carry more than its
 * message (the command run that failed): `F` extends the plain failure.
 */
export interface Failure {
  ok: false;
  msg: string;
}

export type Result<T, F extends Failure = Failure> = { ok: true; value: T } | F;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(msg: string): Failure {
  return { ok: false, msg };
}
