// The option types are written from the schemas at build time: required or defaulted options are
// always there, others optional, enums become unions, and a schema type with no TypeScript form
// stops the build instead of becoming `unknown`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionsTypeName, renderOptionsType, type TypedSchema } from '../../scripts/option-types';

const root = join(__dirname, '../..');

describe('option types from schemas', () => {
  it('renders required, defaulted, optional, enum and list options', () => {
    const schema: TypedSchema = {
      $id: 'demo_mod',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        kind: { type: 'string', enum: ['a', 'b'], default: 'a' },
        count: { type: 'integer' },
        force: { type: 'boolean', default: false },
        disks: { type: 'array', items: { type: 'string' } },
      },
    };
    expect(renderOptionsType(schema)).toBe(
      '/** The validated options of the demo_mod module (schemas/demo_mod.schema.json). */\n' +
        'export interface DemoModOptions {\n' +
        '  readonly name: string;\n' +
        '  readonly kind: "a" | "b";\n' +
        '  readonly count?: number;\n' +
        '  readonly force: boolean;\n' +
        '  readonly disks?: string[];\n' +
        '}\n',
    );
  });

  it('refuses a schema type it cannot write, naming the option', () => {
    expect(() => renderOptionsType({ $id: 'm', properties: { extra: { type: 'object' } } })).toThrow(/^option extra: no TypeScript type/);
    expect(() => renderOptionsType({ $id: 'm', properties: { list: { type: 'array', items: { type: 'object' } } } })).toThrow(/^option list:/);
  });

  it('names the type after the module', () => {
    expect(optionsTypeName('backup_info')).toBe('BackupInfoOptions');
    expect(optionsTypeName('mksysb')).toBe('MksysbOptions');
  });

  it('is what generated/options.ts holds for every schema', () => {
    const generated = readFileSync(join(root, 'generated/options.ts'), 'utf8');
    for (const name of ['backup', 'backup_info', 'mksysb']) {
      const schema = JSON.parse(readFileSync(join(root, 'schemas', `${name}.schema.json`), 'utf8')) as TypedSchema;
      expect(generated).toContain(renderOptionsType(schema));
    }
  });
});
