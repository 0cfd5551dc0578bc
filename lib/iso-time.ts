/**
 * A time as ISO 8601 text in UTC, the same text Date.prototype.toISOString gives. Node.js's
 * toISOString looks up the host's local time zone first (ICU reads /etc/localtime and follows its
 * links), ~0.8 ms of a run's start-up that buys nothing: the text is UTC either way. The UTC
 * getters never ask for the zone.
 */
export function isoTime(date: Date = new Date()): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid time value');
  const year = date.getUTCFullYear();
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}`;
  const day = `${yearText}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  return `${day}T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.${pad(date.getUTCMilliseconds(), 3)}Z`;
}

/** 2024-03-12T02:15:00.123Z -> 20240312T021500Z: the stamp in dated image names and run log names. */
export function utcStamp(date: Date): string {
  return isoTime(date).replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
