// Entry point of the simulated AIX LPAR. Two kinds of invocation:
//   aix-sim --root DIR <aix command> [args...]   what the wrappers under DIR/usr/{bin,sbin} run
//   aix-sim <verb> --root DIR [...]              simulator verbs: init, status, fault, ...
import { fault, sleep, type Command, type Ctx } from './ctx';
import { takeFaults } from './faults';
import { HELP } from './help';
import { logInvocation, type Invocation } from './invocations';
import { Out } from './out';

const never = (): boolean => false;
const always = (): boolean => true;

interface Entry {
  run: Command;
  mutates: (argv: string[]) => boolean;
}

/**
 * Each command's code is loaded when it runs: a command process pays for its own modules only
 * (lsvg never loads the image code and node:crypto with it), and each wrapper is a process.
 */
const COMMANDS: Record<string, () => Promise<Entry>> = {
  lsvg: () => import('./commands/lsvg').then((m) => ({ run: m.lsvg, mutates: never })),
  lspv: () => import('./commands/lspv').then((m) => ({ run: m.lspv, mutates: never })),
  lquerypv: () => import('./commands/lquerypv').then((m) => ({ run: m.lquerypv, mutates: never })),
  bootinfo: () => import('./commands/bootinfo').then((m) => ({ run: m.bootinfo, mutates: never })),
  lsmksysb: () => import('./commands/listvgbackup').then((m) => ({ run: m.listvgbackup, mutates: never })),
  lssavevg: () => import('./commands/listvgbackup').then((m) => ({ run: m.listvgbackup, mutates: never })),
  listvgbackup: () => import('./commands/listvgbackup').then((m) => ({ run: m.listvgbackup, mutates: never })),
  mksysb: () => import('./commands/backup').then((m) => ({ run: m.mksysb, mutates: always })),
  savevg: () => import('./commands/backup').then((m) => ({ run: m.savevg, mutates: always })),
  // restvg -l only reads the image.
  restvg: () => import('./commands/restvg').then((m) => ({ run: m.restvg, mutates: m.restvgMutates })),
  alt_disk_mksysb: () => import('./commands/altdisk').then((m) => ({ run: m.alt_disk_mksysb, mutates: always })),
  alt_rootvg_op: () => import('./commands/altdisk').then((m) => ({ run: m.alt_rootvg_op, mutates: always })),
  bootlist: () => import('./commands/bootlist').then((m) => ({ run: m.bootlist, mutates: m.bootlistMutates })),
  df: () => import('./commands/df').then((m) => ({ run: m.df, mutates: never })),
  ulimit: () => import('./commands/ulimit').then((m) => ({ run: m.ulimit, mutates: never })),
};

/** Commands whose kill/fs-full/slow faults act while the image is written. */
const IMAGE_WRITERS = new Set(['mksysb', 'savevg']);

async function runCommand(root: string, cmd: string, argv: string[]): Promise<number> {
  const load = COMMANDS[cmd];
  if (!load) throw new Error(`aix-sim: ${cmd} is not a simulated command`);
  const entry = await load();
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
  // The verbs' code (init's defaults, node:crypto for the ids) stays out of the commands' start-up.
  const { admin, AdminError } = await import('./admin');
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
