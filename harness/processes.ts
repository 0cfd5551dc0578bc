// How the harness starts processes (execa): output exactly as printed (final newline kept), the
// exit status as a value rather than a thrown error, and no kill escalation of its own, so a test
// sees what the process did. The shipped modules use node:child_process instead: execa costs about
// 50 ms of start-up per task there (ARCHITECTURE.md).
export const AS_PRINTED = { reject: false, stripFinalNewline: false, forceKillAfterDelay: false, maxBuffer: 1 << 30 } as const;
export const AS_PRINTED_SYNC = { reject: false, stripFinalNewline: false, maxBuffer: 1 << 30 } as const;

interface Ended {
  exitCode?: number;
  signal?: string;
  failed: boolean;
  code?: string;
  stderr: string;
  message?: string;
  shortMessage?: string;
}

/** The process could not be started at all (not found, not executable): an error, not an exit. */
export function startFailure(cmd: string, r: Ended): Error | null {
  if (!r.failed || r.exitCode !== undefined || r.signal !== undefined) return null;
  return new Error(`${cmd} could not run (${r.code ?? r.shortMessage ?? r.message ?? 'unknown error'})`);
}
