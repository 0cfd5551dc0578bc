// A private OpenSSH server on 127.0.0.1 for fleet tests: its own host key, client key,
// authorized_keys and sshd_config in a temporary directory, root login by key only, a free port.
// It runs in the foreground (-D) as this process's child and is stopped by its pid, also when
// the process exits or is interrupted before the test's own clean-up runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { onExit } from './exit-hook';

export const SSHD = '/usr/sbin/sshd';
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

export interface Sshd {
  port: number;
  /** Private key that root@127.0.0.1 accepts. */
  clientKey: string;
  pid: number;
  /** Ends the multiplexed client connections under controlDir, then the server. Idempotent. */
  stop(): void;
}

/** Why a fleet cannot run here, or null when it can (sshd, ssh-keygen, root). */
export function fleetBlocker(): string | null {
  if (!existsSync(SSHD)) return `${SSHD} is missing: apt-get install -y openssh-server`;
  if (spawnSync('ssh-keygen', ['-?']).error) return 'ssh-keygen is missing: apt-get install -y openssh-client';
  if (process.getuid?.() !== 0) return 'the fleet logs in as root: run the tests as root';
  return null;
}

/** Starts sshd with its files under dir; controlDir holds the ssh clients' ControlPath sockets. */
export async function startSshd(dir: string, controlDir: string): Promise<Sshd> {
  const blocker = fleetBlocker();
  if (blocker) throw new Error(blocker);
  mkdirSync(dir, { recursive: true });
  const hostKey = join(dir, 'host_key');
  const clientKey = join(dir, 'client_key');
  keygen(hostKey);
  keygen(clientKey);
  const authorized = join(dir, 'authorized_keys');
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  copyFileSync(`${clientKey}.pub`, authorized);
  // sshd refuses to start without its privilege separation directory (Debian makes it at boot).
  mkdirSync('/run/sshd', { recursive: true });
  chmodSync('/run/sshd', 0o755);

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const config = join(dir, 'sshd_config');
    writeFileSync(config, sshdConfig({ port, hostKey, authorized, pidFile: join(dir, 'sshd.pid'), home }));
    const child = spawn(SSHD, ['-f', config, '-D', '-e'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    try {
      await listening(child, port);
    } catch (err) {
      kill(child);
      // Another process may have taken the port between the probe and sshd's bind.
      if (attempt < 3 && /Address already in use/.test(stderr)) continue;
      throw new Error(`sshd did not start: ${(err as Error).message}\n${stderr}`, { cause: err });
    }
    const stop = onExit(() => {
      closeMasters(controlDir);
      kill(child);
    });
    return { port, clientKey, pid: child.pid!, stop };
  }
}

function sshdConfig(o: { port: number; hostKey: string; authorized: string; pidFile: string; home: string }): string {
  return [
    `Port ${o.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${o.hostKey}`,
    `PidFile ${o.pidFile}`,
    `AuthorizedKeysFile ${o.authorized}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The key files live in a temporary directory whose modes sshd would otherwise reject.
    'StrictModes no',
    // Without it Ansible's file transfers fall back from sftp to scp with a warning on every task.
    `Subsystem sftp ${SFTP_SERVER}`,
    // Every inventory host is this one server: many forks log in and open sessions at once.
    'MaxStartups 200',
    'MaxSessions 200',
    'UseDNS no',
    // Sessions start in an empty home, as on a fresh LPAR account: bash run by sshd reads
    // $HOME/.bashrc even for a command, and this machine's root one (pyenv init) costs ~0.2 s of
    // CPU per SSH command, which would swamp what the tests and the bench measure.
    `SetEnv HOME=${o.home}`,
    'LogLevel ERROR',
    '',
  ].join('\n');
}

function keygen(path: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'fleet', '-f', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen -f ${path}: ${r.error?.message ?? r.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once the port accepts a connection; rejects when sshd exits first or after 10 s. */
async function listening(child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sshd exited (${child.exitCode ?? child.signalCode})`);
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} not open after 10 s`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null && child.pid) {
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

/** Asks each ControlPersist master ssh left by Ansible to exit, so none outlives the server. */
function closeMasters(controlDir: string): void {
  if (!existsSync(controlDir)) return;
  for (const name of readdirSync(controlDir)) {
    spawnSync('ssh', ['-o', `ControlPath=${join(controlDir, name)}`, '-O', 'exit', 'fleet'], { stdio: 'ignore', timeout: 5000 });
  }
}
