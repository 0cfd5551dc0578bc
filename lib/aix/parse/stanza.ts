import { splitLines } from './text';

/** One stanza of an AIX stanza file: `name:` and its `KEY= value` attributes. */
export interface Stanza {
  name: string;
  /** Values trimmed; an empty value (`MOUNT_POINT=`) is ''. */
  attrs: Record<string, string>;
}

/** A stanza's first line, trimmed: `name:`. */
const STANZA_NAME = /^([A-Za-z0-9_.-]+):$/;

/**
 * Parse `image.data` / `vgname.data` (`<TAB>KEY= value`) and `bosinst.data`
 * (`KEY = value`) alike (§13): a stanza starts with `name:` alone on a line,
 * attributes split on the first `=`, `#` lines are comments. Stanzas come back
 * in file order and repeated ones (`lv_data`, `fs_data`, `source_disk_data`)
 * are all kept, because LV creation and restore order follow the file.
 *
 * Lines that are neither a stanza name, an attribute nor a comment are
 * skipped, as AIX's own readers (`grep -p`, awk) skip them; so are attributes
 * before the first stanza, which belong to no stanza.
 */
export function parseStanzas(text: string): Stanza[] {
  const out: Stanza[] = [];
  let current: Stanza | null = null;
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) {
      const m = STANZA_NAME.exec(line);
      if (m !== null) {
        current = { name: m[1]!, attrs: Object.create(null) as Record<string, string> };
        out.push(current);
      }
      continue;
    }
    if (current === null || eq === 0) continue;
    current.attrs[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/**
 * The value of `key` in the first stanza called `name`, as parseStanzas gives it
 * (`stanzasNamed(parseStanzas(text), name)[0]?.attrs[key]`), read only as far as that stanza's
 * end: a no-op that checks an image's origin wants UNAME_INFO from the top of a 10 KB image.data.
 */
export function firstStanzaValue(text: string, name: string, key: string): string | undefined {
  let inside = false;
  let value: string | undefined;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) {
      const m = STANZA_NAME.exec(line);
      if (m === null) continue;
      if (inside) break;
      inside = m[1] === name;
    } else if (inside && eq > 0 && line.slice(0, eq).trim() === key) {
      value = line.slice(eq + 1).trim();
    }
  }
  return value;
}

/** All stanzas called `name`, in file order. */
export function stanzasNamed(stanzas: readonly Stanza[], name: string): Stanza[] {
  return stanzas.filter((s) => s.name === name);
}

/** `VG_SOURCE_DISK_LIST= hdisk0 hdisk1` -> ['hdisk0', 'hdisk1'] (§16.10). */
export function listValue(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(/\s+/).filter((w) => w !== '');
}
