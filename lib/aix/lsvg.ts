import { Result, err, ok, quoteLine, splitLines } from './result';

export { parseLvTable } from './lv-table';
export type { LogicalVolume, LvTable } from './lv-table';

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

/** `lsvg VG`, the two-column detail. Fields AIX did not print (or printed as `???????`) are null. */
export interface VgDetail {
  name: string;
  identifier: string | null;
  /** `active`, ... as printed. */
  state: string | null;
  /** `read/write`, `read-only`, ... as printed. */
  permission: string | null;
  ppSizeMb: number | null;
  totalPps: number | null;
  totalMb: number | null;
  freePps: number | null;
  freeMb: number | null;
  usedPps: number | null;
  usedMb: number | null;
  maxLvs: number | null;
  lvs: number | null;
  openLvs: number | null;
  totalPvs: number | null;
  activePvs: number | null;
  stalePvs: number | null;
  stalePps: number | null;
  vgDescriptors: number | null;
  quorum: number | null;
  quorumEnabled: boolean | null;
  autoOn: boolean | null;
  autoSync: boolean | null;
  maxPpsPerVg: number | null;
  /** Only non-scalable VGs print `MAX PPs per PV`. */
  maxPpsPerPv: number | null;
  maxPvs: number | null;
  ltgSizeKb: number | null;
  /** `LTG size (Dynamic)` or `LTG size (Static)`. */
  ltgMode: 'dynamic' | 'static' | null;
  hotSpare: string | null;
  bbPolicy: string | null;
  mirrorPoolStrict: string | null;
  pvRestriction: string | null;
  infiniteRetry: boolean | null;
  diskBlockSize: number | null;
  criticalVg: boolean | null;
  criticalPvs: boolean | null;
  fsSyncOption: boolean | null;
  encryption: boolean | null;
  /**
   * true: scalable layout (`MAX PPs per VG` and `MAX PVs` on one line, no `MAX PPs per PV`);
   * false: normal/big VG (`MAX PPs per PV` printed); null: neither key seen.
   */
  scalable: boolean | null;
  /** Every `KEY: value` pair as printed (key without the colon, value trimmed), for fields not typed above. */
  fields: Record<string, string>;
}

/** Column where the right half starts in real output (§1.2, measured). */
const RIGHT_COLUMN = 45;

/** A key at the start of a right half: a capital letter, then no colon, then a colon. */
const KEY_AT_START = /^[A-Z][^:]{0,40}:/;

/**
 * Parse `lsvg VG`. Each line is cut at the column where the right half starts
 * (found on the first line, `VG IDENTIFIER:`, as 45 in real output), not at
 * the first colon, because values may hold colons and some lines have only a
 * left half (§16.3). A copy with other spacing is still read: when no key
 * starts at that column, the right key is looked for after a gap of two or
 * more spaces.
 */
export function parseVgDetail(text: string): Result<VgDetail> {
  const lines = splitLines(text).map((l) => l.trimEnd());
  const vgErr = lines.find((l) => /\b0516-010\b/.test(l));
  if (vgErr !== undefined) {
    return err(`the volume group is not varied on, so lsvg cannot show its details (0516-010): ${quoteLine(vgErr)}`);
  }
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined) return err('lsvg printed nothing for the volume group');
  const idAt = first.indexOf('VG IDENTIFIER:');
  const cut = idAt > 0 ? idAt : RIGHT_COLUMN;

  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const line of lines) {
    for (const half of splitHalves(line, cut)) {
      const colon = half.indexOf(':');
      if (colon <= 0) continue;
      const key = half.slice(0, colon).trim();
      if (key === '' || key in fields) continue;
      fields[key] = half.slice(colon + 1).trim();
    }
  }
  const name = fields['VOLUME GROUP'];
  if (name === undefined || name === '') {
    return err(`lsvg output has no "VOLUME GROUP:" line; first line was ${quoteLine(first)}`);
  }
  if (/\s/.test(name)) {
    // A VG name is one word; more means the columns were not where lsvg puts them.
    return err(`lsvg output has an unreadable "VOLUME GROUP:" value ${quoteLine(name)}`);
  }

  const ltgKey = Object.keys(fields).find((k) => /^LTG size \((Dynamic|Static)\)$/.test(k));
  const hasPerPv = 'MAX PPs per PV' in fields;
  const hasPerVg = 'MAX PPs per VG' in fields;
  return ok({
    name,
    identifier: present(fields['VG IDENTIFIER']),
    state: present(fields['VG STATE']),
    permission: present(fields['VG PERMISSION']),
    ppSizeMb: sizeMb(fields['PP SIZE']),
    totalPps: leadingCount(fields['TOTAL PPs']),
    totalMb: parenMb(fields['TOTAL PPs']),
    freePps: leadingCount(fields['FREE PPs']),
    freeMb: parenMb(fields['FREE PPs']),
    usedPps: leadingCount(fields['USED PPs']),
    usedMb: parenMb(fields['USED PPs']),
    maxLvs: leadingCount(fields['MAX LVs']),
    lvs: leadingCount(fields['LVs']),
    openLvs: leadingCount(fields['OPEN LVs']),
    totalPvs: leadingCount(fields['TOTAL PVs']),
    activePvs: leadingCount(fields['ACTIVE PVs']),
    stalePvs: leadingCount(fields['STALE PVs']),
    stalePps: leadingCount(fields['STALE PPs']),
    vgDescriptors: leadingCount(fields['VG DESCRIPTORS']),
    quorum: leadingCount(fields['QUORUM']),
    quorumEnabled: quorumEnabled(fields['QUORUM']),
    autoOn: yesNo(fields['AUTO ON']),
    autoSync: yesNo(fields['AUTO SYNC']),
    maxPpsPerVg: leadingCount(fields['MAX PPs per VG']),
    maxPpsPerPv: leadingCount(fields['MAX PPs per PV']),
    maxPvs: leadingCount(fields['MAX PVs']),
    ltgSizeKb: ltgKey === undefined ? null : sizeKb(fields[ltgKey]),
    ltgMode: ltgKey === undefined ? null : ltgKey.includes('Dynamic') ? 'dynamic' : 'static',
    hotSpare: present(fields['HOT SPARE']),
    bbPolicy: present(fields['BB POLICY']),
    mirrorPoolStrict: present(fields['MIRROR POOL STRICT']),
    pvRestriction: present(fields['PV RESTRICTION']),
    infiniteRetry: yesNo(fields['INFINITE RETRY']),
    diskBlockSize: leadingCount(fields['DISK BLOCK SIZE']),
    criticalVg: yesNo(fields['CRITICAL VG']),
    criticalPvs: yesNo(fields['CRITICAL PVs']),
    fsSyncOption: yesNo(fields['FS SYNC OPTION']),
    encryption: yesNo(fields['ENCRYPTION']),
    scalable: hasPerPv ? false : hasPerVg ? true : null,
    fields,
  });
}

function splitHalves(line: string, cut: number): string[] {
  if (line.trim() === '') return [];
  if (line.length > cut && /\s/.test(line[cut - 1] ?? '') && KEY_AT_START.test(line.slice(cut))) {
    return [line.slice(0, cut), line.slice(cut)];
  }
  // Off-column copy: left "KEY: value", a gap of 2+ spaces, then "KEY:".
  // Scanned gap by gap with a sticky key test so a long line stays linear.
  const colon = line.indexOf(':');
  if (colon > 0) {
    const valueAt = line.slice(colon + 1).search(/\S/);
    const gap = /\s{2,}/g;
    const key = /[A-Z][^:]{0,40}:/y;
    gap.lastIndex = colon + 1;
    let m: RegExpExecArray | null;
    while (valueAt >= 0 && (m = gap.exec(line)) !== null) {
      const right = m.index + m[0].length;
      key.lastIndex = right;
      // Only a gap after a non-empty left value separates the halves.
      if (m.index > colon + 1 + valueAt && key.test(line)) return [line.slice(0, m.index), line.slice(right)];
    }
  }
  return [line];
}

/** `???????` is what AIX prints for data it could not read (varied-off VG). */
function present(v: string | undefined): string | null {
  if (v === undefined || v === '' || /^\?+$/.test(v)) return null;
  return v;
}

function leadingCount(v: string | undefined): number | null {
  const m = v === undefined ? null : /^(\d{1,15})(?:\s|$)/.exec(v);
  return m === null ? null : Number(m[1]);
}

/** `2550 (40800 megabytes)` -> 40800. */
function parenMb(v: string | undefined): number | null {
  const m = v === undefined ? null : /\((\d{1,15}) megabytes?\)/.exec(v);
  return m === null ? null : Number(m[1]);
}

/** `16 megabyte(s)` -> 16; `1 gigabyte(s)` -> 1024. */
function sizeMb(v: string | undefined): number | null {
  const m = v === undefined ? null : /^(\d{1,15})\s+(kilo|mega|giga)byte/.exec(v);
  if (m === null) return null;
  const n = Number(m[1]);
  return m[2] === 'giga' ? n * 1024 : m[2] === 'mega' ? n : null;
}

/** `256 kilobyte(s)` -> 256. */
function sizeKb(v: string | undefined): number | null {
  const m = v === undefined ? null : /^(\d{1,15})\s+(kilo|mega)byte/.exec(v);
  if (m === null) return null;
  return m[2] === 'mega' ? Number(m[1]) * 1024 : Number(m[1]);
}

function yesNo(v: string | undefined): boolean | null {
  const w = v === undefined ? '' : v.split(/\s/)[0]!.toLowerCase();
  return w === 'yes' ? true : w === 'no' ? false : null;
}

/** `2 (Enabled)` / `1 (Disabled)`. */
function quorumEnabled(v: string | undefined): boolean | null {
  if (v === undefined) return null;
  if (/\(Enabled\)/i.test(v)) return true;
  if (/\(Disabled\)/i.test(v)) return false;
  return null;
}
