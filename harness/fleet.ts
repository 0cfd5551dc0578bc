// A fleet of simulated LPARs reached over SSH, as Ansible reaches real ones: N LPARs (default 20),
// each its own inventory host (ansible_connection ssh to one private sshd on 127.0.0.1, its own
// AIX_ROOT through the play's environment), and one shared directory standing for the NFS
// server every LPAR writes its images to.
//
//   const fleet = await startFleet({ size: 20 });
//   const run = await fleet.play('examples/rootvg-mksysb-nightly.yml', { forks: 10 });
//   fleet.images(); fleet.lpars.lpar01.invocations(); fleet.stop();
//
// Everything lives in one temporary directory, removed by stop() or at process exit.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { onExit } from './exit-hook';
import { makeLpar, type Lpar } from './lpar';
import { ansibleEnv, exec, parseRun, REPO, type PlaybookRun } from './playbook';
import { startSshd, type Sshd } from './sshd';

export interface FleetOptions {
  /** Number of LPARs (default 20), named lpar01, lpar02, ... */
  size?: number;
}

export interface PlayOptions {
  /** ansible-playbook -f (default 10). */
  forks?: number;
  extraVars?: Record<string, unknown>;
  limit?: string;
  check?: boolean;
  timeoutMs?: number;
}

export interface Fleet {
  dir: string;
  /** The shared image directory (the NFS export every LPAR mounts). */
  imageDir: string;
  hosts: string[];
  lpars: Record<string, Lpar>;
  inventory: string;
  sshd: Sshd;
  /** Runs a playbook (path relative to the repository, or absolute) over the whole fleet. */
  play(playbook: string, opts?: PlayOptions): Promise<PlaybookRun>;
  /** The environment ansible-playbook runs with (UTF-8 locale, JSON callback, the collection). */
  env(): NodeJS.ProcessEnv;
  /** Names in the shared image directory, sorted (hidden and lock files included). */
  images(): string[];
  stop(): void;
}

export const hostName = (i: number): string => `lpar${String(i + 1).padStart(2, '0')}`;

export async function startFleet(opts: FleetOptions = {}): Promise<Fleet> {
  // Short: the ssh ControlPath socket lives under it, and a unix socket path has 108 bytes at most.
  const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
  const controlDir = join(dir, 'cp');
  let sshd: Sshd | null = null;
  const running = new Set<ChildProcess>();
  // In this order: ansible-playbook runs still going (when interrupted) ended by pid, so that
  // none writes into the directory while it goes; the server; then the directory.
  const teardown = onExit(() => {
    for (const child of running) if (child.exitCode === null && child.pid) tryKill(child.pid);
    sshd?.stop();
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch (err) {
      process.stderr.write(`fleet: could not remove ${dir}: ${(err as Error).message}\n`);
    }
  });
  try {
    mkdirSync(controlDir);
    const imageDir = join(dir, 'nfs');
    mkdirSync(imageDir);
    const lparDir = join(dir, 'lpars');
    mkdirSync(lparDir);
    const hosts = Array.from({ length: opts.size ?? 20 }, (_, i) => hostName(i));
    const lpars = Object.fromEntries(hosts.map((h) => [h, makeLpar({ hostname: h, parent: lparDir })]));
    sshd = await startSshd(join(dir, 'sshd'), controlDir);
    const inventory = join(dir, 'inventory.yml');
    writeFileSync(inventory, inventoryYaml(hosts, lpars, sshd, imageDir));
    const env = (): NodeJS.ProcessEnv => ansibleEnv(dir, { ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir });
    const started = sshd;
    return {
      dir,
      imageDir,
      hosts,
      lpars,
      inventory,
      sshd: started,
      env,
      async play(playbook, o = {}) {
        const args = ['-i', inventory, '-f', String(o.forks ?? 10), isAbsolute(playbook) ? playbook : join(REPO, playbook)];
        if (o.extraVars) args.push('-e', JSON.stringify(o.extraVars));
        if (o.limit) args.push('--limit', o.limit);
        if (o.check) args.push('--check');
        let child: ChildProcess | null = null;
        try {
          const { rc, stdout, stderr } = await exec('ansible-playbook', args, env(), dir, o.timeoutMs ?? 300_000, (c) => running.add((child = c)));
          return parseRun(rc, stdout, stderr);
        } finally {
          if (child) running.delete(child);
        }
      },
      images: () => readdirSync(imageDir).sort(),
      stop: teardown,
    };
  } catch (err) {
    teardown();
    throw err;
  }
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/** One host per LPAR, all on the same sshd; JSON is YAML, and the file is real (never a pipe). */
function inventoryYaml(hosts: string[], lpars: Record<string, Lpar>, sshd: Sshd, imageDir: string): string {
  const vars = {
    ansible_connection: 'ssh',
    ansible_host: '127.0.0.1',
    ansible_port: sshd.port,
    ansible_user: 'root',
    ansible_ssh_private_key_file: sshd.clientKey,
    // A new host key on every run: nothing to check it against.
    ansible_ssh_common_args: '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR',
    // Files go over `dd` on the multiplexed connection rather than an sftp client and server per
    // file: measured faster here for Python and Node.js modules alike (a task of either sends one
    // file, the module with its arguments inside).
    ansible_ssh_transfer_method: 'piped',
    ansible_python_interpreter: '/usr/bin/python3',
    // The modules' #!/usr/bin/node becomes this Node.js, wherever it is installed here.
    ansible_node_interpreter: process.execPath,
    image_dir: imageDir,
    // The fleet made the LPARs and the image directory: the examples skip their set-up tasks.
    simulator_ready: true,
  };
  const hostVars = Object.fromEntries(hosts.map((h) => [h, { aix_root: lpars[h]!.root }]));
  return JSON.stringify({ all: { children: { aix: { hosts: hostVars, vars } } } }, null, 1);
}
