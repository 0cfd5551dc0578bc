// The changelog in antsibull-changelog's layout: fragments in changelogs/fragments/, releases in
// changelogs/changelog.yaml (combined format: a release's changes are the merge of its fragments),
// rendered to CHANGELOG.md. antsibull-changelog is not packaged for Debian, so this does its two
// jobs here:
//   npm run changelog                         renders CHANGELOG.md from changelog.yaml
//   npm run changelog -- release 1.1.0        adds the fragments no release names yet as 1.1.0
// test/e2e/collection.test.ts checks that CHANGELOG.md and changelog.yaml agree with the fragments.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

const root = join(__dirname, '..');
export const CHANGELOG_DIR = join(root, 'changelogs');
export const CHANGELOG_MD = join(root, 'CHANGELOG.md');

export type Changes = Record<string, string | string[]>;

export interface Release {
  release_date: string;
  changes?: Changes;
  fragments?: string[];
  modules?: { name: string; namespace: string; description: string }[];
  objects?: Record<string, { name: string; namespace: null; description: string }[]>;
}

export interface ChangelogFile {
  ancestor: string | null;
  releases: Record<string, Release>;
}

interface Config {
  title: string;
  prelude_section_name: string;
  prelude_section_title: string;
  sections: [string, string][];
}

export function readConfig(): Config {
  return YAML.parse(readFileSync(join(CHANGELOG_DIR, 'config.yaml'), 'utf8')) as Config;
}

export function readChangelog(): ChangelogFile {
  return YAML.parse(readFileSync(join(CHANGELOG_DIR, 'changelog.yaml'), 'utf8')) as ChangelogFile;
}

export function fragmentNames(): string[] {
  return readdirSync(join(CHANGELOG_DIR, 'fragments')).filter((f) => /\.ya?ml$/.test(f)).sort();
}

export function readFragment(name: string): Changes {
  return YAML.parse(readFileSync(join(CHANGELOG_DIR, 'fragments', name), 'utf8')) as Changes;
}

/** The fragments merged as antsibull-changelog does: lists concatenated, the summary kept whole. */
export function mergeFragments(names: string[], config: Config): Changes {
  const out: Changes = {};
  for (const name of names) {
    for (const [section, value] of Object.entries(readFragment(name))) {
      if (section === config.prelude_section_name) {
        if (typeof value !== 'string') throw new Error(`changelogs/fragments/${name}: ${section} must be text`);
        out[section] = value;
        continue;
      }
      if (!config.sections.some(([s]) => s === section) && section !== 'trivial') {
        throw new Error(`changelogs/fragments/${name}: unknown section ${section} (see changelogs/config.yaml)`);
      }
      const existing = out[section];
      out[section] = [...(Array.isArray(existing) ? existing : []), ...(Array.isArray(value) ? value : [value])];
    }
  }
  delete out.trivial;
  return out;
}

/** Versions newest first, compared as numbers part by part. */
export function versionsNewestFirst(log: ChangelogFile): string[] {
  const parts = (v: string) => v.split('.').map((p) => Number.parseInt(p, 10));
  return Object.keys(log.releases).sort((a, b) => {
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  });
}

/** Markdown with the characters antsibull-changelog escapes. */
const esc = (text: string): string => text.replace(/([\\`*_{}[\]()#+\-.!<>|])/g, '\\$1');
const anchor = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

export function renderMarkdown(log: ChangelogFile, config: Config): string {
  const versions = versionsNewestFirst(log);
  const out: string[] = [`# ${esc(config.title)} Release Notes`, '', '**Topics**', ''];
  for (const v of versions) out.push(`- <a href="#v${anchor(v)}">v${esc(v)}</a>`);
  out.push('');
  for (const v of versions) {
    const release = log.releases[v];
    if (release === undefined) continue;
    out.push(`<a id="v${anchor(v)}"></a>`, `## v${esc(v)}`, '');
    const changes = release.changes ?? {};
    const summary = changes[config.prelude_section_name];
    if (typeof summary === 'string') {
      out.push(`<a id="${anchor(config.prelude_section_title)}"></a>`, `### ${config.prelude_section_title}`, '', esc(oneLine(summary)), '');
    }
    for (const [section, title] of config.sections) {
      const items = changes[section];
      if (!Array.isArray(items) || items.length === 0) continue;
      out.push(`<a id="${anchor(title)}"></a>`, `### ${title}`, '', ...items.map((i) => `- ${esc(oneLine(i))}`), '');
    }
    if (release.modules?.length) {
      out.push('<a id="new-modules"></a>', '### New Modules', '');
      for (const m of release.modules) out.push(`- ${esc(`powerops.aix.${m.name}`)} \\- ${esc(m.description)}`);
      out.push('');
    }
    for (const [kind, objects] of Object.entries(release.objects ?? {})) {
      const title = `New ${kind.charAt(0).toUpperCase()}${kind.slice(1)}s`;
      out.push(`<a id="${anchor(title)}"></a>`, `### ${title}`, '');
      for (const o of objects) out.push(`- ${esc(`powerops.aix.${o.name}`)} \\- ${esc(o.description)}`);
      out.push('');
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** Fragments no release lists yet. */
export function unreleased(log: ChangelogFile): string[] {
  const listed = new Set(Object.values(log.releases).flatMap((r) => r.fragments ?? []));
  return fragmentNames().filter((f) => !listed.has(f));
}

function release(version: string, plugins: Pick<Release, 'modules' | 'objects'>): void {
  const log = readChangelog();
  if (log.releases[version]) throw new Error(`changelogs/changelog.yaml already has ${version}`);
  const fragments = unreleased(log);
  if (fragments.length === 0) throw new Error('no unreleased fragment in changelogs/fragments/');
  log.releases[version] = {
    release_date: new Date().toISOString().slice(0, 10),
    changes: mergeFragments(fragments, readConfig()),
    fragments,
    ...plugins,
  };
  // YAML 1.1, as antsibull-changelog reads it: a bare 2024-01-01 would be a date there.
  const text = `---\n${new YAML.Document(log, { version: '1.1' }).toString({ lineWidth: 100 })}`;
  writeFileSync(join(CHANGELOG_DIR, 'changelog.yaml'), text);
}

/** Modules and roles that no earlier release introduced, as the release lists them. */
function newPlugins(log: ChangelogFile): Pick<Release, 'modules' | 'objects'> {
  const known = (kind: string) => new Set(Object.values(log.releases).flatMap((r) => (kind === 'module' ? r.modules ?? [] : r.objects?.[kind] ?? []).map((p) => p.name)));
  const modules = readdirSync(join(root, 'modules'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .filter((n) => !known('module').has(n))
    .map((name) => {
      const schema = JSON.parse(readFileSync(join(root, 'schemas', `${name}.schema.json`), 'utf8')) as { description: string; 'x-ansible'?: { short_description?: string } };
      return { name, namespace: '', description: schema['x-ansible']?.short_description ?? schema.description };
    });
  const roles = readdirSync(join(root, 'roles'))
    .filter((n) => !known('role').has(n))
    .map((name) => {
      const meta = YAML.parse(readFileSync(join(root, 'roles', name, 'meta/main.yml'), 'utf8')) as { galaxy_info: { description: string } };
      return { name, namespace: null, description: meta.galaxy_info.description };
    });
  return { ...(modules.length ? { modules } : {}), ...(roles.length ? { objects: { role: roles } } : {}) };
}

function main(argv: string[]): void {
  if (argv[0] === 'release') {
    if (!argv[1] || !/^\d+\.\d+\.\d+$/.test(argv[1])) throw new Error('usage: npm run changelog -- release X.Y.Z');
    release(argv[1], newPlugins(readChangelog()));
  }
  writeFileSync(CHANGELOG_MD, renderMarkdown(readChangelog(), readConfig()));
  process.stdout.write(`wrote ${CHANGELOG_MD}\n`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`changelog: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
