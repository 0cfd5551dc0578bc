// Runs an AIX command whose outcome is decided from its exit code AND the message numbers it
// prints (mksysb/savevg exit 0 after 0512-003, restvg exits 0 when nobody answered its prompt),
// classifying the output line by line as it streams, in constant memory. The summary is not the
// whole verdict: numbers no table knows, with rc 0, come back as warnings, and a backup with no
// 0512-038 as unconfirmed, for the caller's read-back of the result to decide.
import { classifyLine, newClassifier, summarizeBackupRun, type RunKind, type RunSummary } from '../aix/parse/messages';
import type { AixCommand } from '../aix/run/commands';
import type { CommandRun } from '../aix/run/runner';
import type { Io } from './io';

export async function runClassified(
  io: Io,
  command: AixCommand,
  args: readonly string[],
  kind: RunKind,
): Promise<{ run: CommandRun; summary: RunSummary; numbers: readonly string[] }> {
  const classifier = newClassifier(kind);
  const run = await io.run(command, args, { onLine: (line) => classifyLine(classifier, line) });
  // The message numbers seen: a failure without any is explained from the output's last lines.
  return { run, summary: summarizeBackupRun(run.signal ? null : run.rc, classifier), numbers: classifier.numbers };
}
