// The option spec of a module as ansible-core's argument_spec knows it, extracted from the JSON
// Schema at build time (scripts/gen-validators.ts). It drives the Ansible-style coercions that
// come before JSON Schema validation.

export type AnsibleType = 'str' | 'bool' | 'int' | 'float' | 'path' | 'list' | 'dict' | 'raw';

export interface OptionSpec {
  type: AnsibleType;
  elements?: Exclude<AnsibleType, 'list' | 'dict'>;
  choices?: string[];
  default?: unknown;
  noLog?: boolean;
  /** How to write a valid value, for error messages. */
  hint?: string;
}

/** [option, value, options that must then be set] as in ansible-core's required_if. */
export type RequiredIf = [string, string, string[]];

export interface ModuleSpec {
  name: string;
  options: Record<string, OptionSpec>;
  required: string[];
  requiredIf: RequiredIf[];
  mutuallyExclusive: string[][];
}
