// Validates user options the way ansible-core does for a Python module (unknown options,
// coercion, required, required_if, mutually exclusive, defaults), then checks the result
// against the module's JSON Schema with the validator compiled at build time.
import { coerceOption } from './coerce';
import { fail, ok, type Result } from '../result';
import type { ModuleSpec } from './spec';

export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
/** A validator generated from a module's schema: it proves that the data has the options type. */
export interface ValidateFunction<P> {
  (data: unknown): data is P;
  errors?: SchemaError[] | null;
}

/** The options as the module reads them (P), still a plain record for echoing them back. */
export type Validated<P> = Result<P & Record<string, unknown>>;

export function validateOptions<P>(
  spec: ModuleSpec,
  schemaCheck: ValidateFunction<P>,
  given: Record<string, unknown>,
  moduleName: string,
): Validated<P> {
  const names = Object.keys(spec.options);
  const unknown = Object.keys(given).filter((k) => !names.includes(k)).sort();
  if (unknown.length > 0) {
    return {
      ok: false,
      msg: `Unsupported parameters for (${moduleName}) module: ${unknown.join(', ')}. Supported parameters include: ${[...names].sort().join(', ')}.`,
    };
  }
  const params: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [name, value] of Object.entries(given)) {
    // ansible-core treats an option given as null (`name:` with no value in YAML) as not given.
    if (value === null || value === undefined) continue;
    const option = spec.options[name];
    if (option === undefined) continue; // refused above as unsupported
    const c = coerceOption(name, option, value);
    if (c.ok) params[name] = c.value;
    else errors.push(c.msg);
  }
  if (errors.length > 0) return fail(errors.join(' '));

  for (const group of spec.mutuallyExclusive) {
    const set = group.filter((n) => n in params);
    if (set.length > 1) return fail(`parameters are mutually exclusive: ${group.join('|')}`);
  }
  for (const [name, option] of Object.entries(spec.options)) {
    if (!(name in params) && option.default !== undefined) params[name] = option.default;
  }
  const missing = spec.required.filter((n) => !(n in params));
  if (missing.length > 0) return fail(`missing required arguments: ${missing.join(', ')}`);
  for (const [key, value, needed] of spec.requiredIf) {
    if (params[key] !== value) continue;
    const absent = needed.filter((n) => !(n in params) || params[n] === '');
    if (absent.length > 0) {
      return fail(`${key} is ${value} but all of the following are missing: ${absent.join(', ')}`);
    }
  }
  if (!schemaCheck(params)) {
    return fail((schemaCheck.errors ?? []).map((e) => describeSchemaError(e, params, spec)).join(' '));
  }
  return ok(params);
}

function describeSchemaError(e: SchemaError, params: Record<string, unknown>, spec: ModuleSpec): string {
  const option = e.instancePath.split('/')[1] ?? '';
  const value = option ? params[option] : undefined;
  const hint = spec.options[option]?.hint;
  switch (e.keyword) {
    case 'pattern':
      return `${option}: ${JSON.stringify(value)} is not valid; ${hint ?? `it must match ${String(e.params.pattern)}`}.`;
    case 'minimum':
      return `${option}: ${JSON.stringify(value)} is below the minimum of ${String(e.params.limit)}.`;
    case 'enum':
      return `value of ${option} must be one of: ${(e.params.allowedValues as string[]).join(', ')}, got: ${String(value)}`;
    default:
      return `${option || 'arguments'}: ${e.message ?? e.keyword}.`;
  }
}
