// Writes the Ansible collection powerops.aix under dist/collection/: the built modules, and
// beside each one a sidecar <name>.yml (DOCUMENTATION, EXAMPLES, RETURN) that ansible-doc reads.
// The docs have one source each: options from schemas/<name>.schema.json, return values from
// schemas/<name>.return.yml, examples from the tasks of the playbooks in examples/ (which the
// end-to-end tests run). test/e2e/docs.test.ts regenerates them and fails on any drift.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML, { isMap, isSeq, type Node as YamlNode } from 'yaml';

const root = join(__dirname, '..');
export const NAMESPACE = 'powerops';
export const COLLECTION = 'aix';
export const COLLECTION_ROOT = join(root, 'dist/collection');
export const COLLECTION_DIR = join(COLLECTION_ROOT, 'ansible_collections', NAMESPACE, COLLECTION);
export const MODULES_DIR = join(COLLECTION_DIR, 'plugins/modules');

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
  ];
  return {
    module: name,
    short_description: meta?.short_description ?? schema.description,
    description: [schema.description],
    author: ['powerops.aix contributors'],
    requirements: ['Node.js 18 or later on the managed host'],
    attributes: {
      check_mode: { support: 'full', description: 'Reports the plan (the commands it would run) and changes nothing.' },
      diff_mode: { support: 'full', description: 'Shows the image before and after as text.' },
      platform: { support: 'full', platforms: 'aix', description: 'AIX LPARs (or a simulated one, see AIX_ROOT).' },
    },
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
const toYaml = (value: unknown): string => new YAML.Document(value, { version: '1.1' }).toString({ lineWidth: 100, blockQuote: 'literal' }).replace(/^%YAML 1\.1\n---\n/, '');

export function sidecar(name: string): string {
  return toYaml({ DOCUMENTATION: documentation(name), EXAMPLES: examples(name), RETURN: returnDocs(name) });
}

function galaxy(version: string, description: string, license: string): string {
  return toYaml({
    namespace: NAMESPACE,
    name: COLLECTION,
    version,
    readme: 'README.md',
    authors: ['powerops.aix contributors'],
    description,
    license: [license],
    tags: ['aix', 'power', 'backup', 'mksysb', 'savevg'],
    dependencies: {},
    build_ignore: [],
  });
}

function collectionReadme(names: string[]): string {
  return [
    `# ${NAMESPACE}.${COLLECTION}`,
    '',
    'Ansible modules for AIX volume group backup images, written in TypeScript and shipped as',
    'single-file Node.js programs.',
    '',
    ...names.map((n) => `- \`${NAMESPACE}.${COLLECTION}.${n}\`: ${loadSchema(n)['x-ansible']?.short_description ?? ''} (\`ansible-doc ${NAMESPACE}.${COLLECTION}.${n}\`)`),
    '',
    'The modules need Node.js 18 or later on the managed host. Where it is not `/usr/bin/node`',
    '(on AIX usually `/opt/freeware/bin/node`), set the host variable `ansible_node_interpreter`:',
    '',
    '```ini',
    '[aix]',
    'lpar1 ansible_node_interpreter=/opt/freeware/bin/node',
    '```',
    '',
  ].join('\n');
}

export function buildCollection(moduleNames: string[]): void {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; description: string; license: string };
  rmSync(COLLECTION_DIR, { recursive: true, force: true });
  mkdirSync(MODULES_DIR, { recursive: true });
  mkdirSync(join(COLLECTION_DIR, 'meta'), { recursive: true });
  writeFileSync(join(COLLECTION_DIR, 'galaxy.yml'), galaxy(pkg.version, pkg.description, pkg.license));
  writeFileSync(join(COLLECTION_DIR, 'meta/runtime.yml'), toYaml({ requires_ansible: '>=2.14.0' }));
  writeFileSync(join(COLLECTION_DIR, 'README.md'), collectionReadme(moduleNames));
  for (const name of moduleNames) {
    const file = join(MODULES_DIR, `${name}.js`);
    copyFileSync(join(root, 'dist/modules', `${name}.js`), file);
    chmodSync(file, 0o755);
    writeFileSync(join(MODULES_DIR, `${name}.yml`), sidecar(name));
  }
}
