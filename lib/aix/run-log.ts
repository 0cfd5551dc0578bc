// The log file of one module run: every command line, all its output as it comes (so `tail -f`
// shows the phases of a long mksysb), and its exit status. Synchronous writes are deliberate:
// they hold the child's pipe while the disk catches up, so nothing piles up in memory.
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const KEEP_LOGS = 50;

export class RunLog {
  private fd: number | null = null;
  private broken = false;
  readonly path: string;

  constructor(private readonly dir: string, moduleName: string) {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    this.path = join(dir, `${moduleName}-${stamp}-${process.pid}.log`);
  }

  write(text: string | Buffer): void {
    if (this.fd === null && !this.broken) this.open();
    if (this.fd === null) return;
    try {
      if (typeof text === 'string') writeSync(this.fd, text);
      else writeSync(this.fd, text);
    } catch {
      this.broken = true;
      this.close();
    }
  }

  /** The path when something was written there. */
  get written(): string | null {
    return this.fd !== null || (!this.broken && this.opened) ? this.path : null;
  }
  private opened = false;

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private open(): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.prune();
      this.fd = openSync(this.path, 'a', 0o600);
      this.opened = true;
    } catch {
      // A log that cannot be written must not fail a backup; the result still carries the tail.
      this.broken = true;
    }
  }

  /** Keeps the newest logs only, so nightly runs do not fill /var. */
  private prune(): void {
    const logs = readdirSync(this.dir).filter((f) => f.endsWith('.log')).sort();
    for (const old of logs.slice(0, Math.max(0, logs.length - (KEEP_LOGS - 1)))) {
      rmSync(join(this.dir, old), { force: true });
    }
  }
}
