// Turns every schema in schemas/ into a validator at build time: a table (the schema without its
// prose) and one small checker shared by all modules, so a module run never compiles a schema.
// The checker knows the keywords these schemas use and reports errors as ajv does (same order,
// keywords, params and messages: test/unit/schema-check.test.ts compares the two on generated
// input); a schema with any other keyword fails the build. ajv's standalone code did the same
// job in 10.7 KB of each module file; the table and checker take a fraction of it. It also
// extracts the compact option spec the coercion step needs (no
// descriptions: they belong to the docs, not to the file shipped to every host on every task),
// and writes the TypeScript type of each module's options, which its validator guards.
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

/** The keywords the checker knows, where they may appear; anything else fails the build. */
const ROOT_KEYWORDS = new Set(['$id', 'type', 'additionalProperties', 'required', 'properties']);
const PROPERTY_KEYWORDS: Record<string, Set<string>> = {
  string: new Set(['type', 'enum', 'pattern', 'default']),
  boolean: new Set(['type', 'enum', 'default']),
  integer: new Set(['type', 'enum', 'minimum', 'default']),
  array: new Set(['type', 'items', 'minItems', 'default']),
};

function checkKeywords(where: string, schema: Record<string, unknown>): void {
  const type = String(schema.type);
  const known = PROPERTY_KEYWORDS[type];
  if (!known) throw new Error(`${where}: type ${type} is not one the generated checker knows (${Object.keys(PROPERTY_KEYWORDS).join(', ')})`);
  for (const k of Object.keys(schema)) if (!known.has(k)) throw new Error(`${where}: keyword ${k} is not one the generated checker knows for ${type}`);
  if (type === 'array') checkKeywords(`${where}/items`, (schema.items ?? {}) as Record<string, unknown>);
}

/** The table of one schema, and a refusal of anything the checker would not check. */
export function validationTable(schema: ModuleSchema): Record<string, unknown> {
  const table = forValidation(schema) as Record<string, unknown>;
  for (const k of Object.keys(table)) if (!ROOT_KEYWORDS.has(k)) throw new Error(`${schema.$id}: top-level keyword ${k} is not one the generated checker knows`);
  if (table.type !== 'object' || table.additionalProperties !== false) throw new Error(`${schema.$id}: the checker needs type object and additionalProperties false at the top`);
  for (const [name, prop] of Object.entries(schema.properties)) checkKeywords(`${schema.$id}/properties/${name}`, forValidation(prop) as Record<string, unknown>);
  return table;
}

/**
 * The checker, in plain JavaScript for Node.js 18. Per property, in the order ajv reports them:
 * type (a string's pattern, an array's minItems and items only when the type holds; an integer's
 * minimum whenever it is a finite number), then enum. At the top: required, then additional
 * properties, then each property in schema order.
 */
export const CHECKER = `function checker(schema) {
  var own = Object.prototype.hasOwnProperty, patterns = {};
  function fail(errors, instancePath, schemaPath, keyword, params, message) {
    errors.push({ instancePath: instancePath, schemaPath: schemaPath, keyword: keyword, params: params, message: message });
  }
  function isType(type, d) {
    if (type === "integer") return typeof d == "number" && !(d % 1) && !isNaN(d) && isFinite(d);
    if (type === "array") return Array.isArray(d);
    return typeof d === type;
  }
  function value(s, d, path, at, errors) {
    var ok = isType(s.type, d);
    if (!ok) fail(errors, path, at + "/type", "type", { type: s.type }, "must be " + s.type);
    if (s.type === "integer" && typeof d == "number" && isFinite(d) && s.minimum !== undefined && (d < s.minimum || isNaN(d))) {
      fail(errors, path, at + "/minimum", "minimum", { comparison: ">=", limit: s.minimum }, "must be >= " + s.minimum);
    }
    if (ok && s.pattern !== undefined) {
      var re = patterns[s.pattern] || (patterns[s.pattern] = new RegExp(s.pattern, "u"));
      if (!re.test(d)) fail(errors, path, at + "/pattern", "pattern", { pattern: s.pattern }, 'must match pattern "' + s.pattern + '"');
    }
    if (ok && s.type === "array") {
      if (s.minItems !== undefined && d.length < s.minItems) fail(errors, path, at + "/minItems", "minItems", { limit: s.minItems }, "must NOT have fewer than " + s.minItems + " items");
      if (s.items) for (var i = 0; i < d.length; i++) value(s.items, d[i], path + "/" + i, at + "/items", errors);
    }
    if (s.enum && s.enum.indexOf(d) < 0) fail(errors, path, at + "/enum", "enum", { allowedValues: s.enum }, "must be equal to one of the allowed values");
  }
  function validate(data) {
    var errors = [], k;
    if (data && typeof data == "object" && !Array.isArray(data)) {
      (schema.required || []).forEach(function (name) {
        if (data[name] === undefined) fail(errors, "", "#/required", "required", { missingProperty: name }, "must have required property '" + name + "'");
      });
      for (k in data) if (!own.call(schema.properties, k)) fail(errors, "", "#/additionalProperties", "additionalProperties", { additionalProperty: k }, "must NOT have additional properties");
      for (k in schema.properties) if (data[k] !== undefined) value(schema.properties[k], data[k], "/" + k, "#/properties/" + k, errors);
    } else fail(errors, "", "#/type", "type", { type: "object" }, "must be object");
    validate.errors = errors.length ? errors : null;
    return errors.length === 0;
  }
  return validate;
}
`;

export function generateValidators(): void {
  const schemas = loadSchemas();
  const out = join(root, 'generated');
  mkdirSync(out, { recursive: true });
  // One export per module (ES module): a module's bundle keeps its own table only.
  writeFileSync(
    join(out, 'validators.js'),
    `// Generated from schemas/ by scripts/gen-validators.ts.\n${CHECKER}` +
      schemas.map((s) => `export const ${s.$id} = /* @__PURE__ */ checker(${JSON.stringify(validationTable(s))});\n`).join(''),
  );
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
