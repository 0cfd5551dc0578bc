// Renders the TypeScript type of each module's validated options from its JSON Schema, so the
// code that reads the options and the schema that validates them cannot disagree: the type is
// written from the schema at build time, and the validator generated from the same schema is
// the type guard that turns the arguments into it.

export interface TypedProperty {
  type?: string;
  enum?: readonly string[];
  default?: unknown;
  items?: { type?: string };
}
export interface TypedSchema {
  $id: string;
  required?: readonly string[];
  properties: Record<string, TypedProperty>;
}

const SCALARS: Record<string, string> = { string: 'string', boolean: 'boolean', integer: 'number', number: 'number' };

/** backup_info -> BackupInfoOptions */
export function optionsTypeName(moduleName: string): string {
  return `${moduleName.split(/[_-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Options`;
}

function tsType(name: string, prop: TypedProperty): string {
  if (prop.enum) return prop.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (prop.type === 'array') {
    const item = SCALARS[prop.items?.type ?? ''];
    if (item) return `${item}[]`;
  } else {
    const scalar = SCALARS[prop.type ?? ''];
    if (scalar) return scalar;
  }
  throw new Error(`option ${name}: no TypeScript type for JSON Schema ${JSON.stringify(prop)}; extend scripts/option-types.ts`);
}

/**
 * After validation an option is always there when the schema requires it or gives it a default
 * (defaults are filled in before the schema check); every other option may be absent.
 */
export function renderOptionsType(schema: TypedSchema): string {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties).map(([name, prop]) => {
    const always = required.has(name) || prop.default !== undefined;
    return `  readonly ${name}${always ? '' : '?'}: ${tsType(name, prop)};\n`;
  });
  return `/** The validated options of the ${schema.$id} module (schemas/${schema.$id}.schema.json). */\n` +
    `export interface ${optionsTypeName(schema.$id)} {\n${fields.join('')}}\n`;
}
