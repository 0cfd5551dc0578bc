// Dialects: where the reference found no real output (gap, inferred, recalled), AIX may print
// one of several forms. Each such point is a setting of the LPAR; a named dialect is a set of
// them, so the module is tested against every plausible AIX rather than against one guess.
// The evidence for each choice is in sim/README.md ("Dialects").

export interface Dialect {
  /** Member lines of `lsmksysb -f` / `listvgbackup -f` (restore -T form, never seen: §11, §17). */
  listing: 'sizes' | 'paths' | 'extract';
  /** Stream of restore's volume header and closing count in a listing (§11: stderr [hist]). */
  listingHeader: 'stderr' | 'stdout';
  /** Wording of restore's header and counts: both were seen (§5.2 short, §5.3 long). */
  wording: 'short' | 'long';
  /** Stream of `0512-054` (§4.3: stdout per the IBM module, unverified). */
  missingStream: 'stdout' | 'stderr';
  /** Day of `BACKUP DATE/TIME` in `-l`: `Apr  3` (C date) or `Apr 3` (§4.1: the screenshot cannot tell). */
  dateDay: 'padded' | 'unpadded';
}

export type DialectPoint = keyof Dialect;

/** The values each point may take, first the default. */
export const POINT_VALUES: { readonly [K in DialectPoint]: readonly Dialect[K][] } = {
  listing: ['sizes', 'paths', 'extract'],
  listingHeader: ['stderr', 'stdout'],
  wording: ['short', 'long'],
  missingStream: ['stdout', 'stderr'],
  dateDay: ['padded', 'unpadded'],
};

/**
 * `aix73` is what the reference judges most likely for AIX 7.2/7.3; the others together take
 * every other value of every point at least once.
 */
export const DIALECTS: Readonly<Record<string, Dialect>> = {
  aix73: { listing: 'sizes', listingHeader: 'stderr', wording: 'short', missingStream: 'stdout', dateDay: 'padded' },
  'bare-paths': { listing: 'paths', listingHeader: 'stdout', wording: 'long', missingStream: 'stderr', dateDay: 'unpadded' },
  'restore-x': { listing: 'extract', listingHeader: 'stdout', wording: 'short', missingStream: 'stderr', dateDay: 'unpadded' },
};

export const DEFAULT_DIALECT = 'aix73';

export const DIALECT_NAMES: readonly string[] = Object.keys(DIALECTS);

/** The LPAR's dialect: its name (or `custom` once a point was set) and every point. */
export interface DialectState {
  name: string;
  settings: Dialect;
}

export function namedDialect(name: string): DialectState | null {
  const d = Object.hasOwn(DIALECTS, name) ? DIALECTS[name] : undefined;
  return d === undefined ? null : { name, settings: { ...d } };
}

export function isPoint(key: string): key is DialectPoint {
  return Object.hasOwn(POINT_VALUES, key);
}

/** Sets one point; returns an error text for an unknown point or value. */
export function setPoint(state: DialectState, key: string, value: string): string | null {
  if (!isPoint(key)) return `unknown dialect point ${key} (points: ${Object.keys(POINT_VALUES).join(', ')})`;
  const allowed: readonly string[] = POINT_VALUES[key];
  if (!allowed.includes(value)) return `dialect point ${key} takes ${allowed.join(' | ')}, not ${value}`;
  Object.assign(state.settings, { [key]: value });
  state.name = Object.entries(DIALECTS).find(([, d]) => sameDialect(d, state.settings))?.[0] ?? 'custom';
  return null;
}

function sameDialect(a: Dialect, b: Dialect): boolean {
  return (Object.keys(POINT_VALUES) as DialectPoint[]).every((k) => a[k] === b[k]);
}

/** The dialect of an LPAR; states written before dialects existed speak the default. */
export function dialectOf(lpar: { dialect?: DialectState }): Dialect {
  return lpar.dialect?.settings ?? DIALECTS[DEFAULT_DIALECT]!;
}
