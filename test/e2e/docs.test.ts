// The collection's docs have one source each (schemas/, examples/): the built sidecar must be
// what the generator makes from them now, ansible-doc must show every option as the schema
// says, and the tarball from ansible-galaxy must install and run.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COLLECTION_DIR, documentation, examples, loadSchema, MODULES_DIR, returnDocs, sidecar } from '../../scripts/build-collection';
import { ansibleEnv, describeAnsible, exec, REPO, runPlaybook, total } from '../helpers/ansible';
import { makeSandbox } from './sandbox';

const MODULE_NAMES = readdirSync(MODULES_DIR).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort();

describe('generated docs', () => {
  it('every module is in the collection', () => {
    expect(MODULE_NAMES).toContain('backup');
    expect(readdirSync(join(REPO, 'dist/modules')).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort()).toEqual(MODULE_NAMES);
  });

  it('each built sidecar is what schemas/ and examples/ make now (run npm run build after editing them)', () => {
    for (const name of MODULE_NAMES) expect(readFileSync(join(MODULES_DIR, `${name}.yml`), 'utf8'), name).toBe(sidecar(name));
  });

  it('each module in the collection is the one in dist/modules', () => {
    for (const name of MODULE_NAMES) expect(readFileSync(join(MODULES_DIR, `${name}.js`)).equals(readFileSync(join(REPO, 'dist/modules', `${name}.js`))), name).toBe(true);
  });

  it('EXAMPLES use only options the schema has', () => {
    const props = Object.keys(loadSchema('backup').properties);
    const tasks = parse(examples('backup')) as Record<string, unknown>[];
    const used = tasks.filter((t) => 'powerops.aix.backup' in t);
    expect(used.length).toBeGreaterThan(5);
    for (const t of used) expect(Object.keys(t['powerops.aix.backup'] as object).filter((k) => !props.includes(k)), String(t.name)).toEqual([]);
  });

  it('meta/runtime.yml and galaxy.yml name the collection and the ansible-core it needs', () => {
    expect(parse(readFileSync(join(COLLECTION_DIR, 'meta/runtime.yml'), 'utf8'))).toEqual({ requires_ansible: '>=2.14.0' });
    expect(parse(readFileSync(join(COLLECTION_DIR, 'galaxy.yml'), 'utf8'))).toMatchObject({ namespace: 'powerops', name: 'aix' });
  });
});

describeAnsible('ansible-doc and ansible-galaxy', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'galaxy-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('ansible-doc shows every option of each module as its schema says, with its examples and return values', async () => {
    const names = MODULE_NAMES.map((n) => `powerops.aix.${n}`);
    const { rc, stdout, stderr } = await exec('ansible-doc', ['--json', ...names], ansibleEnv(tmp), tmp, 60_000);
    expect(rc, stderr).toBe(0);
    const shown = JSON.parse(stdout) as Record<string, { doc: { options: Record<string, Record<string, unknown>> }; examples: string; return: unknown }>;
    for (const name of MODULE_NAMES) {
      const doc = shown[`powerops.aix.${name}`];
      const schema = loadSchema(name);
      expect(Object.keys(doc!.doc.options).sort(), name).toEqual(Object.keys(schema.properties).sort());
      expect(doc!.doc.options, name).toEqual((documentation(name) as { options: unknown }).options);
      for (const [opt, prop] of Object.entries(schema.properties)) expect(doc!.doc.options[opt]!.description, `${name} ${opt}`).toEqual([prop.description]);
      expect(doc!.examples ?? '', name).toBe(examples(name));
      expect(doc!.return, name).toEqual(returnDocs(name));
    }
  });

  it('ansible-galaxy builds a tarball that installs, documents and runs the module', async () => {
    const env = ansibleEnv(tmp);
    const built = await exec('ansible-galaxy', ['collection', 'build', COLLECTION_DIR, '--output-path', tmp, '--force'], env, tmp, 60_000);
    expect(built.rc, built.stderr).toBe(0);
    const version = (parse(readFileSync(join(COLLECTION_DIR, 'galaxy.yml'), 'utf8')) as { version: string }).version;
    const tarball = join(tmp, `powerops-aix-${version}.tar.gz`);
    const installed = join(tmp, 'installed');
    const inst = await exec('ansible-galaxy', ['collection', 'install', tarball, '-p', installed, '--offline'], env, tmp, 60_000);
    expect(inst.rc, inst.stderr).toBe(0);

    const installedEnv = { ANSIBLE_COLLECTIONS_PATH: installed };
    const doc = await exec('ansible-doc', ['--json', 'powerops.aix.backup'], ansibleEnv(tmp, installedEnv), tmp, 60_000);
    const docs = JSON.parse(doc.stdout) as Record<string, { doc: { options: Record<string, unknown> } } | undefined>;
    expect(Object.keys(docs['powerops.aix.backup']?.doc.options ?? {})).toContain('max_age');

    const box = makeSandbox();
    try {
      const run = await runPlaybook('examples/rootvg-mksysb-nightly.yml', { hosts: box.hosts, vars: box.vars, env: installedEnv, tmp: box.dir });
      expect(run.rc).toBe(0);
      expect(total(run, 'changed')).toBeGreaterThan(0);
      expect(String(run.result('Make a system backup unless a complete one younger than 20 hours is there').msg)).toMatch(/^Created a mksysb image of rootvg/);
    } finally {
      box.cleanup();
    }
  });
});
