// The built module as ansible-core runs a jsonargs module: the file with the task's arguments
// written over its marker by ansible-core's own modify_module, run as a file (the default, and
// async_wrapper, which passes no arguments file), and piped to node on stdin (pipelining).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { substituteLikeAnsible } from '../helpers/ansible-substitute';
import { DIST, MODULE_NODE } from '../helpers/module';

const BACKUP = join(DIST, 'modules/backup.js');
const INFO = join(DIST, 'modules/backup_info.js');
const MARKER = ['<<INCLUDE_ANSIBLE_MODULE', '_JSON_ARGS>>'].join('');
const scratch = mkdtempSync(join(tmpdir(), 'jsonargs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const canary = join(scratch, 'ran');
const nowhere = '/nonexistent-dir-for-tests/img';

/** Values that would run code, end a comment or a string, or break a line, if the arguments were ever code. */
const HOSTILE = [
  '*/ require("fs").writeFileSync(' + JSON.stringify(canary) + ', "1"); /*',
  '\n require("fs").writeFileSync(' + JSON.stringify(canary) + ', "2")\n',
  '\u2028 require("fs").writeFileSync(' + JSON.stringify(canary) + ', "3")\u2029',
  '\r\u0085 end of line? `backticks` ${require("fs").writeFileSync(' + JSON.stringify(canary) + ', "4")}',
  `"}); require("fs").writeFileSync(${JSON.stringify(canary)}, "5"); ({"a": "`,
  "'single' \"double\" \\back\\slash \\u0041 </script>",
  MARKER,
  `${MARKER} ${MARKER}`,
  '<<ANSIBLE_VERSION>> "<<INCLUDE_ANSIBLE_MODULE_COMPLEX_ARGS>>" <<SELINUX_SPECIAL_FILESYSTEMS>>',
  'non-ASCII: é ü ß 中文 😀 \u001f \u007f \ud800',
];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  result: Record<string, unknown>;
}

function parse(p: ReturnType<typeof spawnSync>): Run {
  const stdout = String(p.stdout);
  let result: Record<string, unknown> = {};
  try {
    result = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    // Said by the assertions on stdout.
  }
  return { status: p.status, stdout, stderr: String(p.stderr), result };
}

/** As ansible-core runs it without pipelining (and async_wrapper with "_"): `node FILE`, stdin empty. */
function asFile(file: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []): Run {
  return parse(spawnSync(MODULE_NODE, [file, ...extra], { input: '', encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 }));
}

/** As ansible-core runs it with pipelining: `node` with the module file on stdin. */
function piped(file: string, env: NodeJS.ProcessEnv = {}): Run {
  return parse(spawnSync(MODULE_NODE, [], { input: readFileSync(file), encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 }));
}

function written(name: string, data: Buffer): string {
  const file = join(mkdtempSync(join(scratch, 'mod-')), name);
  writeFileSync(file, data, { mode: 0o700 });
  return file;
}

const moduleArgs = (r: Run) => (r.result.invocation as { module_args: Record<string, unknown> } | undefined)?.module_args;

describe('a module file substituted by ansible-core', () => {
  it('is a "new" style module to ansible-core, which writes the arguments over the marker and changes nothing else', () => {
    const args = { action: 'view', location: nowhere };
    const [sub] = substituteLikeAnsible([{ module: BACKUP, args }]);
    expect(sub!.style).toBe('new');
    const shipped = readFileSync(BACKUP, 'latin1');
    expect(shipped.split(MARKER)).toHaveLength(2);
    expect(sub!.data.toString('latin1')).toBe(shipped.replace(MARKER, JSON.stringify(args).replace(/,/g, ', ').replace(/":/g, '": ')));
  });

  it('gives the module exactly the hostile values it was given, run as a file or piped, and runs none of them', () => {
    const args = { action: 'view', location: nowhere, name: HOSTILE.join(' | '), _ansible_check_mode: true };
    const jobs = [args, ...HOSTILE.map((name) => ({ ...args, name }))].map((a) => ({ module: BACKUP, args: a }));
    const subs = substituteLikeAnsible(jobs);
    subs.forEach((sub, i) => {
      const file = written('AnsiballZ_backup.js', sub.data);
      for (const run of [asFile(file), piped(file)]) {
        expect(run.stdout.trim().split('\n'), run.stderr).toHaveLength(1);
        expect(run.result.msg).toMatch(/^location: directory \/nonexistent-dir-for-tests does not exist/);
        expect(moduleArgs(run)?.name, `job ${i}`).toBe(jobs[i]!.args.name);
      }
    });
    expect(existsSync(canary)).toBe(false);
  });

  it('keys are arguments too: a hostile option name is refused by name, not run', () => {
    const key = `*/\n\u2028${MARKER}\`\${x}"`;
    const [sub] = substituteLikeAnsible([{ module: BACKUP, args: { action: 'view', location: nowhere, [key]: 1 } }]);
    const file = written('AnsiballZ_backup.js', sub!.data);
    for (const run of [asFile(file), piped(file)]) {
      expect(run.result.failed).toBe(true);
      expect(String(run.result.msg)).toContain(`Unsupported parameters for (backup) module: ${key}.`);
    }
  });

  it('the substituted arguments win over an arguments file and stdin; an unsubstituted file reads those as before', () => {
    const [sub] = substituteLikeAnsible([{ module: BACKUP, args: { action: 'view', location: nowhere, name: 'embedded' } }]);
    const file = written('AnsiballZ_backup.js', sub!.data);
    const argsFile = join(scratch, 'args.json');
    writeFileSync(argsFile, JSON.stringify({ action: 'view', location: nowhere, name: 'from-file' }));
    expect(moduleArgs(asFile(file, {}, [argsFile]))?.name).toBe('embedded');
    expect(moduleArgs(asFile(BACKUP, {}, [argsFile]))?.name).toBe('from-file');
    const stdin = parse(spawnSync(MODULE_NODE, [file], { input: JSON.stringify({ action: 'view', location: nowhere, name: 'from-stdin' }), encoding: 'utf8' }));
    expect(moduleArgs(stdin)?.name).toBe('embedded');
  });

  it('unsubstituted and piped, it has no arguments and says where it looked', () => {
    const run = piped(BACKUP);
    expect(run.result).toMatchObject({ failed: true });
    expect(run.result.msg).toMatch(/^No module arguments on standard input/);
  });

  it('arguments line that is not JSON (not written by ansible-core): a failure that names the line and the file', () => {
    const text = readFileSync(BACKUP, 'latin1');
    const cases: [string, RegExp][] = [
      ['{"action": ', /are not valid JSON/],
      ['[1, 2]', /must be a JSON object, not an array/],
      ['', /^No module arguments on the arguments line/],
    ];
    for (const [line, said] of cases) {
      const file = written('backup.js', Buffer.from(text.replace(MARKER, line), 'latin1'));
      const run = asFile(file);
      expect(run.result.failed).toBe(true);
      expect(run.result.msg).toMatch(said);
      expect(run.result.msg).toContain(`the arguments line ansible-core wrote into ${file}`);
      expect(piped(file).result.msg).toContain('the arguments line ansible-core wrote into the module file read from standard input');
    }
  });
});

describe('the code cache, piped', () => {
  let lpar: Lpar;
  beforeAll(() => {
    lpar = makeLpar();
  });
  afterAll(() => lpar.cleanup());
  const cacheDir = () => join(lpar.root, 'var/powerops/cache');
  const caches = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()).filter((f) => f.startsWith('backup_info-')) : []);

  it('a piped run writes the cache a run of the file takes, and takes that one in turn', () => {
    const [sub] = substituteLikeAnsible([{ module: INFO, args: { paths: [lpar.root] } }]);
    const file = written('AnsiballZ_backup_info.js', sub!.data);
    const env = { AIX_ROOT: lpar.root };
    const first = piped(file, env);
    expect(first.result.failed, String(first.result.msg)).toBeFalsy();
    expect(caches()).toHaveLength(1);
    const cache = join(cacheDir(), caches()[0]!);
    const before = statSync(cache);
    // Used as it is (a rejected or missing cache is written anew at exit), from a file and piped.
    expect(asFile(file, env).result.failed).toBeFalsy();
    const again = piped(file, env).result;
    // The same answer but for the run's own log file.
    expect({ ...again, log_file: undefined }).toEqual({ ...first.result, log_file: undefined });
    const after = statSync(cache);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });
});
