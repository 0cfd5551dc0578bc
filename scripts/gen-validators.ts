// Compiles every schema in schemas/ to standalone validation code at build time, so a module run
// never compiles a schema, extracts the compact option spec the coercion step needs (no
// descriptions: they belong to the docs, not to the file shipped to every host on every task),
// and writes the TypeScript type of each module's options, which its validator guards.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OptionSpec, ModuleSpec } from '../lib/ansible/spec';
import { optionsTypeName, renderOptionsType, type TypedProperty } from './option-types';

const root = join(__dirname, '..');

interface SchemaProperty extends TypedProperty {
  enum?: string[];
  default?: unknown;
  'x-ansible'?: { type?: string; elements?: string; no_log?: boolean; hint?: string };
}
interface ModuleSchema {
  $id: string;
  required?: string[];
  properties: Record<string, SchemaProperty>;
  'x-ansible'?: { required_if?: ModuleSpec['requiredIf']; mutually_exclusive?: string[][] };
}

export function loadSchemas(): ModuleSchema[] {
  const dir = join(root, 'schemas');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ModuleSchema);
}

function specOf(schema: ModuleSchema): ModuleSpec {
  const options: Record<string, OptionSpec> = {};
  for (const [name, prop] of Object.entries(schema.properties)) {
    const meta = prop['x-ansible'] ?? {};
    options[name] = {
      type: (meta.type ?? 'str') as OptionSpec['type'],
      ...(meta.elements ? { elements: meta.elements as OptionSpec['elements'] } : {}),
      ...(prop.enum ? { choices: prop.enum } : {}),
      ...(prop.default !== undefined ? { default: prop.default } : {}),
      ...(meta.no_log ? { noLog: true } : {}),
      ...(meta.hint ? { hint: meta.hint } : {}),
    };
  }
  return {
    name: schema.$id,
    options,
    required: schema.required ?? [],
    requiredIf: schema['x-ansible']?.required_if ?? [],
    mutuallyExclusive: schema['x-ansible']?.mutually_exclusive ?? [],
  };
}

/**
 * The schema as validation needs it: without titles, descriptions and examples. The generated
 * code embeds the schema objects it refers to (enum lists for error messages), and every byte of
 * prose there is shipped and parsed on every task.
 */
function forValidation(value: unknown, keepKeys = false): unknown {
  if (Array.isArray(value)) return value.map((v) => forValidation(v));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // Under `properties` the keys are option names (an option may be called `description`).
    if (!keepKeys && (k === 'title' || k === 'description' || k === 'examples' || k === 'x-ansible')) continue;
    out[k] = forValidation(v, !keepKeys && k === 'properties');
  }
  return out;
}

export function generateValidators(): void {
  const schemas = loadSchemas();
  const ajv = new Ajv({
    // ES module output: a module's bundle then keeps its own validator only (tree-shaking).
    code: { source: true, esm: true },
    allErrors: true,
    strict: true,
    keywords: ['x-ansible'],
  });
  const refs: Record<string, string> = {};
  for (const schema of schemas) {
    ajv.addSchema(forValidation(schema) as ModuleSchema);
    refs[schema.$id] = schema.$id;
  }
  const out = join(root, 'generated');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'validators.js'), standaloneCode(ajv, refs));
  writeFileSync(join(out, 'specs.ts'), specsModule(schemas));
  writeFileSync(join(out, 'options.ts'), `// Generated from schemas/ by scripts/gen-validators.ts.\n\n${schemas.map(renderOptionsType).join('\n')}`);
  writeFileSync(
    join(out, 'validators.d.ts'),
    `import type { ValidateFunction } from '../lib/ansible/validate';\n` +
      `import type { ${schemas.map((s) => optionsTypeName(s.$id)).join(', ')} } from './options';\n` +
      schemas.map((s) => `export declare const ${s.$id}: ValidateFunction<${optionsTypeName(s.$id)}>;\n`).join(''),
  );
}

/** One export per module, so a module's bundle keeps its own spec only. */
function specsModule(schemas: ModuleSchema[]): string {
  return `// Generated from schemas/ by scripts/gen-validators.ts.\nimport type { ModuleSpec } from '../lib/ansible/spec';\n\n` +
    schemas.map((s) => `export const ${s.$id}: ModuleSpec = ${JSON.stringify(specOf(s))};\n`).join('');
}

if (require.main === module) generateValidators();
