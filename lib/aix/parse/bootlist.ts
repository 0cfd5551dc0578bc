import { fieldsOf } from './fields';
import { fail, ok, type Result } from '../../result';
import { quoteLine, splitLines } from './text';

/** One line of `bootlist -m MODE -o`: its device (its `attr=value` words are checked, and not kept: nothing reads them). */
export interface BootEntry {
  device: string;
}

/**
 * Parse `bootlist -m normal -o` (§10): the first word is the device, the
 * others are `attr=value` (`blv=hd5`, `pathid=0`, `bserver=...`). A word
 * without `=` means the text is not bootlist output; that is an error.
 */
export function parseBootlist(text: string): Result<BootEntry[]> {
  const entries: BootEntry[] = [];
  for (const line of splitLines(text)) {
    const f = fieldsOf(line).map((x) => x.text);
    if (f.length === 0) continue;
    const [device, ...words] = f as [string, ...string[]];
    if (device.includes('=')) return fail(`bootlist: the line ${quoteLine(line)} does not start with a device name`);
    const bad = words.find((w) => w.indexOf('=') <= 0);
    if (bad !== undefined) return fail(`bootlist: cannot read ${quoteLine(bad)} in the line ${quoteLine(line)}: expected attribute=value`);
    entries.push({ device });
  }
  return ok(entries);
}

/**
 * The distinct boot devices in boot order. A multipath disk prints one line
 * per path (`pathid=0`, `pathid=1`, ...), so the same disk repeats.
 */
export function bootDevices(entries: readonly BootEntry[]): string[] {
  const seen: string[] = [];
  for (const e of entries) if (!seen.includes(e.device)) seen.push(e.device);
  return seen;
}

/** The distinct disks (`hdiskN`) in boot order, leaving out network and other devices. */
export function bootDisks(entries: readonly BootEntry[]): string[] {
  return bootDevices(entries).filter((d) => /^hdisk/.test(d));
}
