// The random part of the names the module gives its files: drawn from /dev/urandom without
// node:crypto, from node:crypto when /dev/urandom is not a character device that gives its bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelRandom, randomHex } from '../../lib/image/random-name';
import { makeBench } from '../helpers/backup';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'random-name-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('randomHex', () => {
  it('gives 2 hex digits a byte, different at every call', () => {
    const names = Array.from({ length: 50 }, () => randomHex(12));
    for (const n of names) expect(n).toMatch(/^[0-9a-f]{24}$/);
    expect(new Set(names).size).toBe(names.length);
  });

  it('takes the kernel\'s bytes only from a character device that gives them all', () => {
    expect(kernelRandom(12)?.length).toBe(12);
    const planted = join(dir, 'urandom');
    writeFileSync(planted, Buffer.alloc(64));
    // A regular file of zeros, a FIFO nobody writes to (read without blocking), a symlink to the
    // device, a missing path, a device that gives no bytes: none is taken.
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const link = join(dir, 'link');
    execFileSync('ln', ['-s', '/dev/urandom', link]);
    for (const path of [planted, fifo, link, join(dir, 'missing'), '/dev/null']) expect(kernelRandom(12, path), path).toBeNull();
  });
});

describe('the built module', () => {
  it('names its temporary image with 96 random bits and never loads node:crypto for them', async () => {
    const seen = join(dir, 'crypto-loaded');
    const probe = join(dir, 'probe.js');
    // At exit, whether the module's own process loaded node:crypto (the stand-in mksysb does, for its image's hash).
    writeFileSync(probe, `/modules\\/backup\\.js$/.test(process.argv[1]) && process.on('exit', () => require('fs').appendFileSync(${JSON.stringify(seen)}, process.moduleLoadList.includes('NativeModule crypto') + '\\n'));\n`);
    const partials: string[] = [];
    for (let i = 0; i < 2; i++) {
      const b = makeBench();
      try {
        const r = await b.backup({ action: 'create', type: 'mksysb', location: join(b.dir, 'nightly.mksysb') }, { NODE_OPTIONS: `--require ${probe}` });
        expect(r.result.failed, r.result.msg).toBeFalsy();
        expect(r.result.changed).toBe(true);
        const mksysb = b.lpar.invocations().find((c) => c.cmd === 'mksysb');
        partials.push(mksysb?.argv.at(-1) ?? '');
      } finally {
        b.cleanup();
      }
    }
    expect(readFileSync(seen, 'utf8')).toBe('false\nfalse\n');
    const tokens = partials.map((p) => /\/\.nightly\.mksysb\.partial-([0-9a-f]{24})$/.exec(p)?.[1]);
    expect(tokens.every((t) => t !== undefined), partials.join(' ')).toBe(true);
    expect(tokens[0]).not.toBe(tokens[1]);
  });
});
