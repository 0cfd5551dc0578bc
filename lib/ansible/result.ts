// The one JSON document a module prints. ansible-core fails to parse raw U+0085, U+2028 and
// U+2029, which JSON.stringify emits as-is, so every non-ASCII character is escaped; AIX output
// and user paths can contain anything. It has no stdout_lines/stderr_lines: ansible-core adds
// them on the controller, and built here they doubled the size of a verbose result.

export interface Diff {
  before: string;
  after: string;
  before_header?: string;
  after_header?: string;
}

export interface ModuleResult {
  changed: boolean;
  failed?: boolean;
  msg: string;
  rc?: number;
  cmd?: string;
  stdout?: string;
  stderr?: string;
  warnings?: string[];
  diff?: Diff;
  invocation?: { module_args: Record<string, unknown> };
  [key: string]: unknown;
}

export const NO_LOG_MASK = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER';

export function toAsciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function maskNoLog(args: Record<string, unknown>, noLogOptions: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[k] = noLogOptions.includes(k) && v !== undefined ? NO_LOG_MASK : v;
  return out;
}
