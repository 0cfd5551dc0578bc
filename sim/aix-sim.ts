// Entry point of the simulated AIX LPAR. Two kinds of invocation:
//   aix-sim --root DIR <aix command> [args...]   what the wrappers under DIR/usr/{bin,sbin} run
//   aix-sim <verb> --root DIR [...]              simulator verbs: init, status, fault, ...
import { admin, AdminError } from './admin';
import { alt_disk_mksysb, alt_rootvg_op } from './commands/altdisk';
import { mksysb, savevg } from './commands/backup';
import { bootinfo } from './commands/bootinfo';
import { bootlist, bootlistMutates } from './commands/bootlist';
import { df } from './commands/df';
import { listvgbackup } from './commands/listvgbackup';
import { lquerypv } from './commands/lquerypv';
import { lspv } from './commands/lspv';
import { lsvg } from './commands/lsvg';
import { restvg, restvgMutates } from './commands/restvg';
import { ulimit } from './commands/ulimit';
import { fault, sleep, type Command, type Ctx } from './ctx';
import { takeFaults } from './faults';
import { HELP } from './help';
import { logInvocation, type Invocation } from './invocations';
import { Out } from './out';

const never = (): boolean => false;
const always = (): boolean => true;

const COMMANDS: Record<string, { run: Command; mutates: (argv: string[]) => boolean }> = {
  lsvg: { run: lsvg, mutates: never },
  lspv: { run: lspv, mutates: never },
  lquerypv: { run: lquerypv, mutates: never },
  bootinfo: { run: bootinfo, mutates: never },
  lsmksysb: { run: listvgbackup, mutates: never },
  lssavevg: { run: listvgbackup, mutates: never },
  listvgbackup: { run: listvgbackup, mutates: never },
  mksysb: { run: mksysb, mutates: always },
  savevg: { run: savevg, mutates: always },
  // restvg -l only reads the image.
  restvg: { run: restvg, mutates: restvgMutates },
  alt_disk_mksysb: { run: alt_disk_mksysb, mutates: always },
  alt_rootvg_op: { run: alt_rootvg_op, mutates: always },
  bootlist: { run: bootlist, mutates: bootlistMutates },
  df: { run: df, mutates: never },
  ulimit: { run: ulimit, mutates: never },
};

/** Commands whose kill/fs-full/slow faults act while the image is written. */
const IMAGE_WRITERS = new Set(['mksysb', 'savevg']);

async function runCommand(root: string, cmd: string, argv: string[]): Promise<number> {
  const entry = COMMANDS[cmd];
  if (!entry) throw new Error(`aix-sim: ${cmd} is not a simulated command`);
  const rec: Invocation = { cmd, argv, pid: process.pid, start: Date.now(), end: null, rc: null, mutates: entry.mutates(argv) };
  logInvocation(root, rec);
  const finish = (rc: number, signal?: string): void =>
    logInvocation(root, { ...rec, end: Date.now(), rc, ...(signal ? { signal } : {}) });
  const out = new Out(1);
  const err = new Out(2);
  const ctx: Ctx = {
    root,
    cmd,
    argv,
    out,
    err,
    faults: [],
    die: () => {
      finish(137, 'SIGKILL');
      process.kill(process.pid, 'SIGKILL');
      process.exit(137);
    },
  };
  let rc: number;
  try {
    ctx.faults = takeFaults(root, cmd);
    const fail = fault(ctx, 'fail');
    if (fail) {
      const msg = fail.message ?? '';
      if (msg) (fail.stream === 'stdout' ? out : err).write(msg.endsWith('\n') ? msg : `${msg}\n`);
      rc = fail.rc ?? 1;
    } else {
      // An informational AIX message on a run that then goes on and succeeds (0516-1254 from
      // mkvg inside restvg, 0516-1164 from chvg: samples/).
      const note = fault(ctx, 'note');
      if (note?.message) (note.stream === 'stdout' ? out : err).write(note.message.endsWith('\n') ? note.message : `${note.message}\n`);
      if (!IMAGE_WRITERS.has(cmd)) {
        const slow = fault(ctx, 'slow');
        if (slow?.ms) await sleep(slow.ms);
        if (fault(ctx, 'kill')) ctx.die();
      }
      rc = await entry.run(ctx);
    }
    out.flush();
  } catch (e) {
    err.write(`aix-sim: ${cmd}: ${e instanceof Error ? e.message : String(e)}\n`);
    rc = 70;
  }
  finish(rc);
  return rc;
}

async function main(args: string[]): Promise<number> {
  let root: string | undefined;
  if (args[0] === '--root') {
    root = args[1];
    args = args.slice(2);
  }
  const [verb, ...rest] = args;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(HELP);
    return verb ? 0 : 2;
  }
  if (root && Object.hasOwn(COMMANDS, verb)) return runCommand(root, verb, rest);
  try {
    process.stdout.write(admin(verb, root, rest));
    return 0;
  } catch (e) {
    if (!(e instanceof AdminError) && !(e instanceof Error)) throw e;
    process.stderr.write(`aix-sim: ${e.message}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (rc) => {
    process.exitCode = rc;
  },
  (e: unknown) => {
    process.stderr.write(`aix-sim: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 70;
  },
);
