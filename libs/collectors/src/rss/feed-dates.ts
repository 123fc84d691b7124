/*
 * Dates as feeds in the wild write them (SOURCES.md correction 65): RFC 822 with named zones,
 * RFC 3339, Italian, Portuguese, Spanish, French and German month and day names
 * (`mer, 16 nov 2022`, `Seg, 24 Set 2018`, `24 de setembro de 2018`), `2020/1/10 14:33`,
 * `16/11/2022 10:00`, `Nov 16, 2022 10:00 PM`, two-digit years. A date without a zone is read as
 * UTC (the server's own zone must not change what a feed means). Anything else is null: the
 * caller falls back to the fetch time.
 */

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: Array<[number, string[]]> = [
  [1, ['jan', 'january', 'gen', 'gennaio', 'janeiro', 'ene', 'enero', 'janv', 'janvier', 'januar', 'jänner', 'janner']],
  [2, ['feb', 'february', 'febbraio', 'fev', 'fevereiro', 'febrero', 'fevr', 'fevrier', 'februar']],
  [3, ['mar', 'march', 'marzo', 'marco', 'mars', 'marz', 'maerz', 'mrz']],
  [4, ['apr', 'april', 'aprile', 'abr', 'abril', 'avr', 'avril']],
  [5, ['may', 'mag', 'maggio', 'mai', 'maio', 'mayo']],
  [6, ['jun', 'june', 'giu', 'giugno', 'junho', 'junio', 'juin', 'juni']],
  [7, ['jul', 'july', 'lug', 'luglio', 'julho', 'julio', 'juil', 'juillet', 'juli']],
  [8, ['aug', 'august', 'ago', 'agosto', 'aout']],
  [9, ['sep', 'sept', 'september', 'set', 'settembre', 'setembro', 'septiembre', 'septembre']],
  [10, ['oct', 'october', 'ott', 'ottobre', 'out', 'outubro', 'octubre', 'octobre', 'okt', 'oktober']],
  [11, ['nov', 'november', 'novembre', 'novembro', 'noviembre']],
  [12, ['dec', 'december', 'dic', 'dicembre', 'dez', 'dezembro', 'diciembre', 'decembre', 'dezember']],
];
for (const [month, names] of MONTH_NAMES) for (const name of names) MONTHS[name] = month;

/** Offsets in minutes of the zone names that appear in feeds. */
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, bst: 60, west: 60, cet: 60, met: 60, cest: 120, mest: 120, eet: 120, eest: 180, msk: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420, jst: 540, aest: 600, aedt: 660,
};

const ZONE = String.raw`(z|[+-]\d{1,2}(?::?\d{2})?|[a-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)`;
const TIME = String.raw`(\d{1,2})[:.h](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(am|pm)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t\s]+${TIME})?\s*${ZONE}?$`, 'i');
const YMD = new RegExp(String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[t\s,]+${TIME})?\s*${ZONE}?$`, 'i');
const DMY = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:[\s,]+${TIME})?\s*${ZONE}?$`, 'i');
const D_MONTH_Y = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th|º)?\s+([a-z]+)\s+(\d{2,4})(?:[\s,]+${TIME})?\s*${ZONE}?$`, 'i');
const MONTH_D_Y = new RegExp(String.raw`^([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{2,4})(?:[\s,]+${TIME})?\s*${ZONE}?$`, 'i');

export function parseFeedDate(input: string | null | undefined): Date | null {
  if (!input) return null;
  let text = input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  if (!text || text.length > 100) return null;
  // Connecting words: "24 de setembro de 2018 às 14:33", "16 nov 2022 alle 10:00", "Nov 16, 2022 at 10:00".
  text = text.replace(/\b(de|del|di|at|alle|ore|as|um|a las|le|à|a)\b/g, ' ').replace(/\s+/g, ' ').trim();
  // A leading day name in any language ("mer,", "seg,", "Monday,", "lun."): not needed, and not checked.
  text = text.replace(/^[a-z]{2,12}\.?,?\s+(?=\d|[a-z]+\s+\d)/, (day) => (MONTHS[day.replace(/[.,\s]/g, '')] ? day : ''));
  text = text.replace(/,(?=\s)/g, '').replace(/\.(?=\s)/g, '');

  let m = ISO.exec(text) ?? YMD.exec(text);
  if (m) return build(+m[1], +m[2], +m[3], m.slice(4, 8), m[8]);
  m = DMY.exec(text);
  if (m) {
    let day = +m[1];
    let month = +m[2];
    // Day first unless that cannot be (Italian and most European feeds write 16/11/2022).
    if (month > 12 && day <= 12) [day, month] = [month, day];
    return build(year(m[3]), month, day, m.slice(4, 8), m[8]);
  }
  m = D_MONTH_Y.exec(text);
  if (m && MONTHS[m[2]]) return build(year(m[3]), MONTHS[m[2]], +m[1], m.slice(4, 8), m[8]);
  m = MONTH_D_Y.exec(text);
  if (m && MONTHS[m[1]]) return build(year(m[3]), MONTHS[m[1]], +m[2], m.slice(4, 8), m[8]);
  return null;
}

function year(value: string): number {
  const n = +value;
  if (value.length === 2) return n < 70 ? 2000 + n : 1900 + n;
  return n;
}

function build(y: number, month: number, day: number, time: Array<string | undefined>, zone: string | undefined): Date | null {
  let hour = time[0] === undefined ? 0 : +time[0];
  const minute = time[1] === undefined ? 0 : +time[1];
  const second = time[2] === undefined ? 0 : +time[2];
  const meridiem = time[3];
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (y < 1990 || y > 2200 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const offset = zoneOffset(zone);
  if (offset === undefined) return null;
  const ms = Date.UTC(y, month - 1, day, hour, minute, Math.min(second, 59));
  const check = new Date(Date.UTC(y, month - 1, day));
  if (check.getUTCMonth() !== month - 1) return null; // 31 April and friends
  return new Date(ms - offset * 60_000);
}

/** Minutes east of UTC; 0 when absent; undefined for an unknown zone name. */
function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const named = /^([a-z]{1,5})([+-]\d{1,2}(?::?\d{2})?)?$/.exec(zone);
  if (named) {
    const base = ZONES[named[1]];
    if (base === undefined) return undefined;
    return base + (named[2] ? numericOffset(named[2]) ?? 0 : 0);
  }
  return numericOffset(zone);
}

function numericOffset(value: string): number | undefined {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(value);
  if (!m) return undefined;
  const minutes = +m[2] * 60 + (m[3] ? +m[3] : 0);
  if (minutes > 14 * 60) return undefined;
  return m[1] === '-' ? -minutes : minutes;
}
