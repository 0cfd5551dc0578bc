// Clean-up that must run even when a test run ends early: at process exit, and on SIGINT, SIGTERM
// or SIGHUP (then the process dies of that signal, as it would have). For what a test starts
// outside itself (a server, temporary trees), where afterAll alone is not enough.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Runs fn once, at exit or on a signal; the returned function runs it now and unhooks it. */
export function onExit(fn: () => void): () => void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    process.off('exit', run);
    for (const sig of SIGNALS) process.off(sig, handlers[sig]);
    fn();
  };
  const handlers = Object.fromEntries(
    SIGNALS.map((sig) => [
      sig,
      (): void => {
        run();
        process.kill(process.pid, sig);
      },
    ]),
  ) as Record<(typeof SIGNALS)[number], () => void>;
  process.on('exit', run);
  for (const sig of SIGNALS) process.once(sig, handlers[sig]);
  return run;
}
