// Writes the Ansible collection powerops.aix under dist/collection/ansible_collections/powerops/aix:
// the built modules, and beside each one a sidecar <name>.yml (DOCUMENTATION, EXAMPLES, RETURN)
// that ansible-doc reads, galaxy.yml, meta/runtime.yml, the README, LICENSE, the changelog, the
// roles and the sanity ignore file. `npm run build:collection` copies that tree to collection/,
// where it is committed (what ansible-galaxy installs from git); test/e2e/collection.test.ts fails
// when the two differ. Everything here is a function of the repository's files: no dates, no
// host names, so two builds of one commit are byte for byte the same.
// The docs have one source each: options from schemas/<name>.schema.json, return values from
// schemas/<name>.return.yml, examples from the tasks of the playbooks in examples/ (which the
// end-to-end tests run). test/e2e/docs.test.ts regenerates them and fails on any drift.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { readChangelog, versionsNewestFirst } from './changelog';
import YAML, { isMap, isSeq, type Node as YamlNode } from 'yaml';

const root = join(__dirname, '..');
export const NAMESPACE = 'powerops';
export const COLLECTION = 'aix';
export const COLLECTION_ROOT = join(root, 'dist/collection');
export const COLLECTION_DIR = join(COLLECTION_ROOT, 'ansible_collections', NAMESPACE, COLLECTION);
export const MODULES_DIR = join(COLLECTION_DIR, 'plugins/modules');
/** The committed copy of COLLECTION_DIR: `ansible-galaxy collection install git+REPO#/collection`. */
export const COMMITTED_DIR = join(root, 'collection');
/** No repository is configured for the project yet: this is the address it is published under. */
export const PROJECT_URL = 'https://github.com/powerops/powerops.aix';
/** Galaxy's author format, and the one validate-modules wants in a module's DOCUMENTATION. */
export const AUTHOR = 'powerops.aix maintainers (@powerops)';
/** The ansible-core versions the tests run (Debian bookworm's); requires_ansible is the oldest. */
export const TESTED_ANSIBLE = ['2.14'];
/** The Node.js major versions CI runs the modules on (.ci/run). */
export const TESTED_NODE = ['18', '20'];

/** The playbooks whose tasks become a module's EXAMPLES, in the order a reader meets them. */
const EXAMPLE_PLAYBOOKS: Record<string, string[]> = {
  backup: [
    'rootvg-mksysb-nightly.yml',
    'view-image.yml',
    'datavg-savevg-restvg.yml',
    'rootvg-alt-disk-mksysb.yml',
    'long-backup-async.yml',
    'fleet-mksysb-throttle.yml',
    'rootvg-mksysb-retention.yml',
  ],
  backup_info: ['backup-info.yml'],
  mksysb: ['mksysb-community.yml'],
};

/** Tasks that prepare the simulated LPAR are named so; they are not part of the examples. */
export const SIMULATOR_TASK_PREFIX = 'Simulator:';

function isSimulatorTask(name: unknown): boolean {
  return typeof name === 'string' && name.startsWith(SIMULATOR_TASK_PREFIX);
}

interface SchemaProperty {
  description: string;
  enum?: string[];
  default?: unknown;
  'x-ansible'?: { type?: string; elements?: string };
}
interface ModuleSchema {
  description: string;
  required?: string[];
  properties: Record<string, SchemaProperty>;
  'x-ansible'?: {
    short_description: string;
    required_if?: [string, string, string[]][];
    mutually_exclusive?: string[][];
  };
}

export function loadSchema(name: string): ModuleSchema {
  return JSON.parse(readFileSync(join(root, 'schemas', `${name}.schema.json`), 'utf8')) as ModuleSchema;
}

type Attribute = { support: 'full' | 'partial' | 'none'; description: string };

/** check_mode and diff_mode as each module really behaves (test/e2e checks diff under --diff). */
const ATTRIBUTES: Record<string, { check_mode: Attribute; diff_mode: Attribute }> = {
  backup: {
    check_mode: { support: 'full', description: 'Reports the plan (the commands it would run) and changes nothing.' },
    diff_mode: { support: 'full', description: 'Shows the image before and after as text.' },
  },
  mksysb: {
    check_mode: { support: 'full', description: 'Reports the mksysb command it would run and changes nothing.' },
    diff_mode: { support: 'full', description: 'Shows the image before and after as text.' },
  },
  backup_info: {
    check_mode: { support: 'full', description: 'Only reads: runs the same in check mode.' },
    diff_mode: { support: 'none', description: 'Only reads: there is never a change to show.' },
  },
};

export function documentation(name: string): Record<string, unknown> {
  const schema = loadSchema(name);
  const meta = schema['x-ansible'];
  const options: Record<string, unknown> = {};
  for (const [opt, prop] of Object.entries(schema.properties)) {
    const x = prop['x-ansible'] ?? {};
    options[opt] = {
      description: [prop.description],
      type: x.type ?? 'str',
      ...(x.elements ? { elements: x.elements } : {}),
      ...((schema.required ?? []).includes(opt) ? { required: true } : {}),
      ...(prop.enum ? { choices: prop.enum } : {}),
      ...(prop.default !== undefined ? { default: prop.default } : {}),
    };
  }
  const notes = [
    ...(meta?.required_if ?? []).map(([opt, value, needed]) => `With I(${opt}=${value}), ${needed.map((n) => `I(${n})`).join(', ')} must be set.`),
    ...(meta?.mutually_exclusive ?? []).map((group) => `${group.map((n) => `I(${n})`).join(', ')} are mutually exclusive.`),
    'The module is a Node.js program. Node.js (18 or later) must be on the managed host; where it is not C(/usr/bin/node) (on AIX usually C(/opt/freeware/bin/node)), set the host variable C(ansible_node_interpreter) to its path.',
    'C(async) needs Python on the managed host, as for every module (ansible-core runs the job through its async wrapper).',
    'Every AIX command is run by absolute path under the environment variable C(AIX_ROOT) (default C(/)); a simulated LPAR sets it.',
    'The module runs as root, as the AIX commands it starts need: a run by any other user fails at once and says so. Use C(ansible_user=root) or C(become=true).',
    'Each run writes a log of every command and its whole output; while a run is under way, C($AIX_ROOT/var/powerops/log/' + name + '-current.log) is that log (C(tail -f) it), and the result names it in C(log_file).',
    'The powerops.aix.nodejs role puts Node.js on an LPAR from the AIX Toolbox and sets C(ansible_node_interpreter).',
  ];
  return {
    module: name,
    short_description: meta?.short_description ?? schema.description,
    description: [schema.description],
    author: [AUTHOR],
    requirements: ['Node.js 18 or later on the managed host', 'root on the managed host (C(ansible_user=root) or C(become=true))'],
    attributes: { ...ATTRIBUTES[name], platform: { support: 'full', platforms: 'aix', description: 'AIX LPARs (or a simulated one, see AIX_ROOT).' } },
    options,
    notes,
  };
}

export function returnDocs(name: string): unknown {
  return YAML.parse(readFileSync(join(root, 'schemas', `${name}.return.yml`), 'utf8'));
}

/** The tasks of the example playbooks, as written there (comments kept), simulator set-up left out. */
export function examples(name: string): string {
  const blocks: string[] = [];
  for (const file of EXAMPLE_PLAYBOOKS[name] ?? []) {
    const source = readFileSync(join(root, 'examples', file), 'utf8');
    const doc = YAML.parseDocument(source);
    if (!isSeq(doc.contents)) throw new Error(`examples/${file}: expected a list of plays`);
    for (const play of doc.contents.items) {
      if (!isMap(play)) continue;
      const tasks = play.get('tasks', true);
      if (!isSeq(tasks)) continue;
      const shown = tasks.items.filter((t) => !(isMap(t) && isSimulatorTask(t.get('name'))));
      if (shown.length === 0) continue;
      blocks.push([`# examples/${file}: ${String(play.get('name'))}`, ...shown.map((t) => taskText(source, t as YamlNode))].join('\n'));
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

/** The task's own lines of the source, re-indented as a top-level list item. */
function taskText(source: string, task: YamlNode): string {
  const [start, valueEnd] = task.range ?? [0, 0];
  const column = start - (source.lastIndexOf('\n', start - 1) + 1);
  const lines = source.slice(start, valueEnd).replace(/\s+$/, '').split('\n');
  const body = lines.map((line, i) => (i === 0 ? `- ${line}` : `  ${line.slice(column)}`)).join('\n');
  const before = task.commentBefore ? `${task.commentBefore.split('\n').map((c) => `#${c}`).join('\n')}\n` : '';
  return before + body;
}

/** YAML 1.1 output: ansible-doc reads with PyYAML, where a bare `no` would be false. */
const toYaml = (value: unknown): string => `---\n${new YAML.Document(value, { version: '1.1' }).toString({ lineWidth: 100, blockQuote: 'literal' })}`;

export function sidecar(name: string): string {
  return toYaml({ DOCUMENTATION: documentation(name), EXAMPLES: examples(name), RETURN: returnDocs(name) });
}


/** The version of the newest release in changelogs/changelog.yaml. */
export function collectionVersion(): string {
  const [newest] = versionsNewestFirst(readChangelog());
  if (!newest) throw new Error('changelogs/changelog.yaml has no release');
  return newest;
}

function galaxy(version: string, description: string, license: string): string {
  return toYaml({
    namespace: NAMESPACE,
    name: COLLECTION,
    version,
    readme: 'README.md',
    authors: [AUTHOR],
    description,
    license: [license],
    tags: ['aix', 'power', 'backup', 'mksysb', 'savevg', 'infrastructure', 'storage'],
    dependencies: {},
    repository: PROJECT_URL,
    documentation: `${PROJECT_URL}/blob/main/collection/README.md`,
    homepage: PROJECT_URL,
    issues: `${PROJECT_URL}/issues`,
    build_ignore: ['tests/output'],
  });
}

/** module_defaults: `group/powerops.aix.images` gives defaults to both modules that make images. */
export const ACTION_GROUPS = { images: ['backup', 'mksysb'] };

function runtime(): string {
  return toYaml({ requires_ansible: `>=${TESTED_ANSIBLE[0]}.0`, action_groups: ACTION_GROUPS });
}

/**
 * What ansible-test sanity cannot accept from a module written in JavaScript. Its shebang test
 * knows modules in .py and .ps1 only (and wants them not executable, which ours are not here).
 */
const SANITY_IGNORES: { test: string; reason: string }[] = [
  { test: 'shebang', reason: 'a Node.js module: ansible-test knows only .py and .ps1 module extensions and shebangs' },
];
/** ansible-core versions whose ansible-test reads an ignore file of its own. */
const SANITY_VERSIONS = ['2.14', '2.15', '2.16', '2.17', '2.18'];

function sanityIgnores(moduleNames: string[]): string {
  return moduleNames.flatMap((n) => SANITY_IGNORES.map((i) => `plugins/modules/${n}.js ${i.test} # ${i.reason}\n`)).join('');
}

/** A section of the repository's README, from its heading to the next heading of that level. */
function readmeSection(heading: string): string {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "${heading}"`);
  const level = heading.match(/^#+/)?.[0] ?? '##';
  const rest = text.slice(start + 1);
  const next = rest.slice(heading.length).search(new RegExp(`\n${level} `));
  return (next < 0 ? rest : rest.slice(0, heading.length + next)).trim();
}

function collectionReadme(names: string[]): string {
  const template = readFileSync(join(root, 'docs/collection-README.md'), 'utf8');
  const modules = names.map((n) => `- \`${NAMESPACE}.${COLLECTION}.${n}\`: ${loadSchema(n)['x-ansible']?.short_description ?? ''} (\`ansible-doc ${NAMESPACE}.${COLLECTION}.${n}\`)`);
  const fill: Record<string, string> = {
    modules: modules.join('\n'),
    tested_ansible: TESTED_ANSIBLE.map((v) => `ansible-core ${v}`).join(', '),
    tested_node: TESTED_NODE.map((v) => `Node.js ${v}`).join(', '),
    project_url: PROJECT_URL,
    differences_ibm: readmeSection('## Differences from ibm.power_aix.backup').replace(/^## /, '### ').replace(/\n### /g, '\n#### '),
    differences_community: readmeSection('## community.general.mksysb users').replace(/^## /, '### '),
  };
  return template.replace(/@@(\w+)@@/g, (m, key: string) => {
    const value = Object.hasOwn(fill, key) ? fill[key] : undefined;
    if (value === undefined) throw new Error(`docs/collection-README.md: unknown placeholder ${m}`);
    return value;
  });
}

/** Every file under dir, relative to it, sorted. */
export function treeFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

function copyTree(from: string, to: string): void {
  for (const file of treeFiles(from)) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(from, file), join(to, file));
    chmodSync(join(to, file), 0o644);
  }
}

/** Paths that differ between two trees (missing on one side, other bytes or other mode). */
export function treeDrift(a: string, b: string): string[] {
  const [fa, fb] = [treeFiles(a), treeFiles(b)];
  const all = [...new Set([...fa, ...fb])].sort();
  return all.filter((f) => {
    if (!fa.includes(f) || !fb.includes(f)) return true;
    const [pa, pb] = [join(a, f), join(b, f)];
    return !readFileSync(pa).equals(readFileSync(pb)) || (statSync(pa).mode & 0o111) !== (statSync(pb).mode & 0o111);
  });
}

export function buildCollection(moduleNames: string[]): void {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { description: string; license: string };
  rmSync(COLLECTION_DIR, { recursive: true, force: true });
  mkdirSync(MODULES_DIR, { recursive: true });
  mkdirSync(join(COLLECTION_DIR, 'meta'), { recursive: true });
  writeFileSync(join(COLLECTION_DIR, 'galaxy.yml'), galaxy(collectionVersion(), pkg.description, pkg.license));
  writeFileSync(join(COLLECTION_DIR, 'meta/runtime.yml'), runtime());
  writeFileSync(join(COLLECTION_DIR, 'README.md'), collectionReadme(moduleNames));
  for (const file of ['LICENSE', 'CHANGELOG.md', '.yamllint']) copyFileSync(join(root, file), join(COLLECTION_DIR, file));
  copyTree(join(root, 'changelogs'), join(COLLECTION_DIR, 'changelogs'));
  copyTree(join(root, 'roles'), join(COLLECTION_DIR, 'roles'));
  mkdirSync(join(COLLECTION_DIR, 'tests/sanity'), { recursive: true });
  for (const v of SANITY_VERSIONS) writeFileSync(join(COLLECTION_DIR, `tests/sanity/ignore-${v}.txt`), sanityIgnores(moduleNames));
  for (const name of moduleNames) {
    const file = join(MODULES_DIR, `${name}.js`);
    copyFileSync(join(root, 'dist/modules', `${name}.js`), file);
    // ansible-core runs a module through the interpreter of its first line: no execute bit needed.
    chmodSync(file, 0o644);
    writeFileSync(join(MODULES_DIR, `${name}.yml`), sidecar(name));
  }
  for (const file of treeFiles(COLLECTION_DIR)) chmodSync(join(COLLECTION_DIR, file), 0o644);
}

/** collection/ becomes a copy of the tree just built: `npm run build:collection`. */
export function commitCollection(): void {
  rmSync(COMMITTED_DIR, { recursive: true, force: true });
  copyTree(COLLECTION_DIR, COMMITTED_DIR);
}

if (require.main === module) {
  commitCollection();
  process.stdout.write(`collection/ now holds ${treeFiles(COMMITTED_DIR).length} files, as built in ${relative(root, COLLECTION_DIR)}\n`);
}
