// The layer rules of ARCHITECTURE.md, checked on the real tree: the table there is parsed and
// every import of every source file must be allowed by it, so the document cannot drift.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

function layersSection(markdown: string): string {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Layers\n'));
  if (!section) throw new Error('ARCHITECTURE.md has no "## Layers" section');
  return section;
}

/** A layer is a directory or one source file, named without its extension as imports name it. */
const layerName = (name: string): string => name.replace(SOURCE, '');

/**
 * The rows of the table under `## Layers`: | `layer` | `a`, `b` or anything | Node built-ins or any |.
 * A layer may be one file (`lib/ansible/module.ts`): the longest layer naming a path wins.
 */
function layerTable(section: string): Layer[] {
  const rows = section.split('\n').filter((l) => /^\| `/.test(l));
  return rows.map((row) => {
    const [name = '', may = '', packages = ''] = row.split('|').slice(1, -1).map((c) => c.trim());
    const ticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    return { name: layerName(ticked(name)[0] ?? ''), may: may === 'anything' ? 'anything' : ticked(may).map(layerName), nodeOnly: packages === 'Node built-ins' };
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

/** The line `Build outputs, not layers: `collection/`, ...`: committed generated code, never imported. */
function buildOutputs(section: string): string[] {
  const line = section.split('\n').find((l) => l.startsWith('Build outputs, not layers:'));
  if (!line) throw new Error('ARCHITECTURE.md\'s "## Layers" names no build outputs');
  return [...line.matchAll(/`([^`/]+)\/`/g)].map((m) => m[1] ?? '');
}

const section = layersSection(readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8'));
const layers = layerTable(section);
const BUILD_OUTPUTS = buildOutputs(section);
const layerOf = (file: string): Layer | undefined => {
  const path = layerName(file);
  return layers.filter((l) => path === l.name || path.startsWith(`${l.name}/`)).sort((a, b) => b.name.length - a.name.length)[0];
};

/** The code directories of the tree: every top-level directory holding a source file, build outputs aside. */
const codeDirs = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !SKIP.has(e.name) && !BUILD_OUTPUTS.includes(e.name) && sourceFiles(e.name).length > 0)
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
  it('are a table naming existing directories or files, each once', () => {
    expect(layers.length).toBeGreaterThan(10);
    const names = layers.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    for (const l of layers) {
      expect(codeDirs.some((d) => l.name === d || l.name.startsWith(`${d}/`)), `${l.name} is in no code directory`).toBe(true);
      expect(existsSync(join(root, l.name)) || existsSync(join(root, `${l.name}.ts`)), `${l.name} does not exist`).toBe(true);
      if (l.may !== 'anything') for (const m of l.may) expect(names, `${l.name} may import ${m}, which is no layer`).toContain(m);
    }
  });

  it('leave out the build outputs, which exist and are no layer', () => {
    expect(BUILD_OUTPUTS).toEqual(['collection']);
    for (const dir of BUILD_OUTPUTS) {
      expect(sourceFiles(dir).length, `${dir}/ holds no code`).toBeGreaterThan(0);
      expect(layers.some((l) => l.name === dir || l.name.startsWith(`${dir}/`))).toBe(false);
    }
  });

  it('hold for every import of the tree', () => {
    const files = codeDirs.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => check(f, importsOf(f)))).toEqual([]);
  });

  it.each([
    ['sim/x.ts', '../lib/aix/parse/lsvg'],
    ['sim/commands/x.ts', '../../modules/backup'],
    ['lib/aix/parse/x.ts', '../../image/lock'],
    ['lib/aix/parse/x.ts', '../run/runner'],
    ['lib/aix/run/x.ts', '../parse/lsvg'],
    ['lib/image/x.ts', '../create/write-image'],
    ['lib/image/x.ts', '../backup/options/params'],
    ['lib/create/x.ts', '../restore/common'],
    ['lib/restore/x.ts', '../create/space'],
    ['lib/lpar/x.ts', '../image/location'],
    ['lib/engine/x.ts', '../image/report'],
    ['lib/backup/x.ts', '../backup_info/scan'],
    ['lib/ansible/x.ts', '../aix/run/runner'],
    ['lib/ansible/x.ts', '../engine/abort'],
    ['lib/engine/x.ts', '../ansible/module'],
    ['lib/backup/x.ts', '../ansible/module'],
    ['lib/ansible/module.ts', '../backup/run'],
    ['modules/x.ts', '../lib/engine/pipeline'],
    ['modules/x.ts', '../lib/ansible/args'],
    ['lib/engine/x.ts', 'yaml'],
    ['sim/x.ts', 'execa'],
    ['lib/newlayer/x.ts', 'node:fs'],
  ])('catch %s importing %s', (file, spec) => {
    expect(check(file, [spec])).toHaveLength(1);
  });

  it('let the layers import what the table lists', () => {
    expect(check('lib/backup/x.ts', ['../engine/plan', '../aix/parse/lsvg', '../../generated/options', 'node:fs', 'path'])).toEqual([]);
    expect(check('lib/ansible/module.ts', ['../engine/abort', '../engine/env-errors', './args', 'node:fs'])).toEqual([]);
    expect(check('modules/x.ts', ['../lib/ansible/module', '../lib/backup/run', '../generated/specs'])).toEqual([]);
    expect(check('test/unit/x.ts', ['../../lib/image/lock', 'typescript'])).toEqual([]);
    expect(check('bench/x.ts', ['../harness/lpar', 'esbuild'])).toEqual([]);
    expect(check('lib/create/x.ts', ['../image/lock', '../lpar/disks', '../backup/options/params', '../engine/plan'])).toEqual([]);
    expect(check('lib/image/x.ts', ['../lpar/disks', '../aix/run/runner', '../aix/parse/lspv'])).toEqual([]);
  });
});
