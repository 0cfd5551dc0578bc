// Durations (max_age, warn_age): seconds, or a number and a unit. UNIT_SECONDS is the one grammar:
// the schemas validate those options with DURATION_PATTERN, and a unit test holds it to the table.

const UNIT_SECONDS: ReadonlyMap<string, number> = new Map([
  ['s', 1], ['sec', 1], ['secs', 1],
  ['m', 60], ['min', 60], ['mins', 60],
  ['h', 3600], ['hour', 3600], ['hours', 3600],
  ['d', 86400], ['day', 86400], ['days', 86400],
  ['w', 604800], ['week', 604800], ['weeks', 604800],
]);

export const DURATION_UNITS: readonly string[] = [...UNIT_SECONDS.keys()];

/** The `pattern` of every duration option in schemas/: a number, then one of DURATION_UNITS. */
export const DURATION_PATTERN = '^\\s*[0-9]+\\s*([smhdw]|sec|secs|min|mins|hour|hours|day|days|week|weeks)?\\s*$';

export function parseDuration(text: string): number | null {
  const m = /^\s*([0-9]+)\s*([a-z]*)\s*$/.exec(text);
  if (!m) return null;
  const factor = UNIT_SECONDS.get(m[2] || 's');
  return factor === undefined ? null : Number(m[1]) * factor;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}
