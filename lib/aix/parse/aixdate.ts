/**
 * Read the text AIX `date` prints (`Thu Dec 16 00:38:18 UTC 2021`,
 * `Fri Dec  2 14:43:17 EST 2016`) as ISO 8601 with the zone's offset.
 *
 * A zone abbreviation alone does not name an offset: it depends on the TZ
 * variable of the machine that wrote the image. Only abbreviations that mean
 * one offset in practice are in the table; for anything else the result is
 * null, so the caller keeps the original text and never shows an invented
 * time. Ambiguous ones are left out on purpose: IST (India +05:30, Ireland
 * +01:00, Israel +02:00), SST, AST, BST only as British Summer Time.
 */

/** Offsets in minutes east of UTC. */
export const ZONE_OFFSETS: Readonly<Record<string, number>> = Object.freeze({
  UTC: 0,
  UT: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  // CST is also China Standard Time (+08:00), but AIX ships with TZ=CST6CDT,
  // so on AIX it is US Central far more often than anything else.
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  JST: 540,
  KST: 540,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  ACST: 570,
  ACDT: 630,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * `Www Mmm d HH:MM:SS ZONE YYYY` (day padded with a space or not) -> ISO 8601,
 * e.g. `2023-04-03T13:56:22-05:00`. null for other layouts, impossible dates
 * and unknown zones. A text without a zone (`%c` of `restore`) is null too: its
 * offset is unknown.
 */
export function parseAixDate(text: string): string | null {
  const m = /^\s*([A-Z][a-z]{2})\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+([A-Za-z]{1,6})\s+(\d{4})\s*$/.exec(text);
  if (m === null) return null;
  // Every group of the pattern is mandatory, so the defaults never apply.
  const [, dow = '', mon = '', d = '', hh = '', mi = '', ss = '', zone = '', yyyy = ''] = m;
  const month = MONTHS.indexOf(mon);
  if (!DAYS.includes(dow) || month < 0) return null;
  const offset = ZONE_OFFSETS[zone.toUpperCase()];
  if (offset === undefined) return null;
  const year = Number(yyyy);
  const day = Number(d);
  const hour = Number(hh);
  const minute = Number(mi);
  const second = Number(ss);
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return null;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const zoneText = offset === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${yyyy}-${pad(month + 1)}-${pad(day)}T${pad(hour)}:${mi}:${ss}${zoneText}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
