// The layer rules of ARCHITECTURE.md, checked on the real tree: the table there is parsed and
// every import of every source file must be allowed by it, so the document cannot drift.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const SOURCE = /\.(ts|mts|js|mjs)$/;
const SKIP = new Set(['node_modules', 'dist', '.git']);

interface Layer {
  name: string;
  may: string[] | 'anything';
  nodeOnly: boolean;
}

/** The rows of the table under `## Layers`: | `layer` | `a`, `b` or anything | Node built-ins or any |. */
function layerTable(markdown: string): Layer[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Layers\n'));
  if (!section) throw new Error('ARCHITECTURE.md has no "## Layers" section');
  const rows = section.split('\n').filter((l) => /^\| `/.test(l));
  return rows.map((row) => {
    const [name = '', may = '', packages = ''] = row.split('|').slice(1, -1).map((c) => c.trim());
    const ticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    return { name: ticked(name)[0] ?? '', may: may === 'anything' ? 'anything' : ticked(may), nodeOnly: packages === 'Node built-ins' };
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : sourceFiles(rel);
    return SOURCE.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every module specifier a file imports: static, type-only, dynamic import() and require(). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

const BUILTINS = new Set(builtinModules);
const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || BUILTINS.has(spec);

const layers = layerTable(readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8'));
const layerOf = (path: string): Layer | undefined =>
  layers.filter((l) => path === l.name || path.startsWith(`${l.name}/`)).sort((a, b) => b.name.length - a.name.length)[0];

/** The code directories of the tree: every top-level directory holding a source file. */
const codeDirs = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !SKIP.has(e.name) && sourceFiles(e.name).length > 0)
  .map((e) => e.name);

/** What is wrong with `file` importing `specs`, by the table. */
function check(file: string, specs: readonly string[]): string[] {
  const from = layerOf(file);
  if (!from) return [`${file}: belongs to no layer of ARCHITECTURE.md`];
  const out: string[] = [];
  for (const spec of specs) {
    if (spec.startsWith('.')) {
      const to = layerOf(relative(root, resolve(root, dirname(file), spec)));
      const allowed = from.may === 'anything' || (to !== undefined && (to.name === from.name || from.may.includes(to.name)));
      if (!allowed) out.push(`${file}: imports ${spec} (layer ${to?.name ?? 'none'}), which ${from.name} may not import`);
    } else if (from.nodeOnly && !isBuiltin(spec)) {
      out.push(`${file}: imports the package ${spec}; ${from.name} may use Node built-ins only`);
    }
  }
  return out;
}

describe('the layers of ARCHITECTURE.md', () => {
  it('are a table naming existing directories, each once', () => {
    expect(layers.length).toBeGreaterThan(10);
    const names = layers.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    for (const l of layers) {
      expect(codeDirs.some((d) => l.name === d || l.name.startsWith(`${d}/`)), `${l.name} is no code directory`).toBe(true);
      if (l.may !== 'anything') for (const m of l.may) expect(names, `${l.name} may import ${m}, which is no layer`).toContain(m);
    }
  });

  it('hold for every import of the tree', () => {
    const files = codeDirs.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => check(f, importsOf(f)))).toEqual([]);
  });

  it.each([
    ['sim/x.ts', '../lib/aix/lsvg'],
    ['sim/commands/x.ts', '../../modules/backup'],
    ['lib/aix/x.ts', '../backup/lock'],
    ['lib/engine/x.ts', '../backup/report'],
    ['lib/backup/x.ts', '../backup_info/scan'],
    ['lib/ansible/x.ts', '../aix/runner'],
    ['modules/x.ts', '../lib/engine/pipeline'],
    ['lib/engine/x.ts', 'yaml'],
    ['sim/x.ts', 'execa'],
    ['lib/newlayer/x.ts', 'node:fs'],
  ])('catch %s importing %s', (file, spec) => {
    expect(check(file, [spec])).toHaveLength(1);
  });

  it('let the layers import what the table lists', () => {
    expect(check('lib/backup/x.ts', ['../engine/plan', '../aix/lsvg', '../../generated/options', 'node:fs', 'path'])).toEqual([]);
    expect(check('test/unit/x.ts', ['../../lib/backup/lock', 'typescript'])).toEqual([]);
    expect(check('bench/x.ts', ['../test/helpers/lpar', 'esbuild'])).toEqual([]);
  });
});
