import { splitLines } from './text';

export { parseLvTable } from './lv-table';
export type { LogicalVolume, LvTable, LvTableError } from './lv-table';

/**
 * `lsvg` (all defined VGs) and `lsvg -o` (varied-on VGs): one name per line.
 * Callers compare whole names from this list, never search the raw text:
 * `datavg` must not match `datavg2` (§16.4).
 */
export function parseVgList(text: string): string[] {
  const names: string[] = [];
  for (const line of splitLines(text)) {
    const name = line.trim();
    // A VG name is one word; anything else (an error text on the same stream) is not a name.
    if (/^[^\s:]+$/.test(name)) names.push(name);
  }
  return names;
}
