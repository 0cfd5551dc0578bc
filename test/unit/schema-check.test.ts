// The validators generated from schemas/ (scripts/gen-validators.ts: a table and a small checker)
// report exactly what ajv reports for the same schema: the same verdict and the same errors, in
// the same order, with the same keywords, params and messages, on generated options records.
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as generated from '../../generated/validators';
import { loadSchemas, validationTable } from '../../scripts/gen-validators';

type Check = { (data: unknown): boolean; errors?: unknown[] | null };

const checks: Record<string, Check> = generated;

/** Values around what each option takes: its enum members, strings its pattern takes, edge numbers. */
function valueFor(prop: Record<string, unknown>): fc.Arbitrary<unknown> {
  const near: fc.Arbitrary<unknown>[] = [
    fc.string(),
    fc.constantFrom('', ' 3d ', '14d', '10 weeks', '0644', '600', '1', 'all', 'create', 'mksysb', 'x\u2028'),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(0.5, -0, NaN, Infinity, -Infinity, 1e21),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
  ];
  const members = Array.isArray(prop.enum) ? [fc.constantFrom(...(prop.enum as unknown[]))] : [];
  return fc.oneof(...members, ...near);
}

describe('generated schema validators', () => {
  for (const schema of loadSchemas()) {
    it(`${schema.$id}: same verdict and errors as ajv on generated records`, () => {
      const table = validationTable(schema);
      const ajv = new Ajv({ allErrors: true, strict: true });
      const reference = ajv.compile(table);
      const check = checks[schema.$id];
      expect(check, `generated/validators.js exports ${schema.$id}`).toBeTypeOf('function');
      const props = schema.properties as Record<string, Record<string, unknown>>;
      const record = fc.record(
        {
          ...Object.fromEntries(Object.entries(props).map(([name, prop]) => [name, valueFor(prop)])),
          unknown_option: fc.string(),
          constructor: fc.string(),
        },
        { requiredKeys: [] },
      );
      const data = fc.oneof({ weight: 8, arbitrary: record }, { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.array(fc.string()), fc.string(), fc.integer()) });
      fc.assert(
        fc.property(data, (d) => {
          const want = reference(d);
          const got = check!(d);
          expect(got).toBe(want);
          expect(check!.errors ?? null).toEqual(reference.errors ?? null);
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('refuses at build time a schema keyword the checker does not know', () => {
    const [schema] = loadSchemas();
    const withMaxLength = { ...schema!, properties: { ...schema!.properties, name: { type: 'string', maxLength: 3 } } };
    expect(() => validationTable(withMaxLength)).toThrow(/keyword maxLength is not one the generated checker knows/);
  });
});
