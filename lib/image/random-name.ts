// Unpredictable names for the files the module creates beside images and in its state directory.
// node:crypto is loaded on first use only: a no-op run creates no file and skips its start-up cost.

export function randomHex(bytes: number): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  return randomBytes(bytes).toString('hex');
}
