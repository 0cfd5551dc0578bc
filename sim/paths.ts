// Where the simulated LPAR keeps things under its root directory.
import { join } from 'node:path';

export const simDir = (root: string): string => join(root, 'var/aix-sim');
export const statePath = (root: string): string => join(simDir(root), 'state.json');
export const lockPath = (root: string): string => join(simDir(root), 'state.lock');
export const faultUsesPath = (root: string): string => join(simDir(root), 'fault-uses.jsonl');
export const invocationsPath = (root: string): string => join(simDir(root), 'invocations.jsonl');

/** Files the LPAR owns (/image.data, /etc/exclude.VG, ...) live under the root. */
export const lparPath = (root: string, aixPath: string): string => join(root, aixPath);

/**
 * Image operands are real paths on this machine, used as-is; only devices under /dev map into
 * the root (tests use temp dirs for images but have no tape drive).
 */
export const devicePath = (root: string, operand: string): string =>
  operand.startsWith('/dev/') ? join(root, operand) : operand;
