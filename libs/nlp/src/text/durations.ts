// Care posts say how long a problem has lasted, nearly always with a count: "senza linea da 3
// giorni", "sono tre giorni che la fibra non va", "da più di una settimana", "down for 2 hours",
// "it's been a week". The rule lists (classify-rules.ts) and the urgency words (PRIORITY_WEIGHTS)
// hold the uncounted forms ("da giorni", "for days"), which a count between the words breaks.
// `collapseDurations` rewrites a counted duration to that form, for rule matching only: the models
// and topic queries read the words as written.

type DurationLanguage = 'it' | 'en';

/** Units of time, by language, and the uncounted (plural) form the rule lists use. */
const UNITS = new Map<string, { lang: DurationLanguage; canonical: string }>();
for (const [lang, forms] of [
  ['it', { minuti: ['minuto', 'minuti'], ore: ['ora', 'ore'], giorni: ['giorno', 'giorni', 'gg'], settimane: ['settimana', 'settimane'], mesi: ['mese', 'mesi'] }],
  ['en', { minutes: ['minute', 'minutes', 'mins'], hours: ['hour', 'hours', 'hrs'], days: ['day', 'days'], weeks: ['week', 'weeks'], months: ['month', 'months'] }],
] as const) {
  for (const [canonical, words] of Object.entries(forms)) for (const word of words) UNITS.set(word, { lang, canonical });
}

/**
 * The first two letters of the units ("or", "gi", "se", "da"…), as a table by char codes: nearly
 * every word of a post starts otherwise and skips the map (the scan is on every mention's path).
 */
const UNIT_START = new Uint8Array(128 * 128);
for (const unit of UNITS.keys()) UNIT_START[unit.charCodeAt(0) * 128 + unit.charCodeAt(1)] = 1;

/** A count and its unit in one token: "48h", "3gg", "2hrs". */
const COMPACT = /^\d{1,4}(h|hrs|gg|ore)$/;
const COMPACT_UNIT: Record<string, string> = { h: 'hours', hrs: 'hours', gg: 'giorni', ore: 'ore' };

/** Words that say how many ("3", "tre", "una", "qualche", "a few", "più": "da più giorni"). */
const COUNTS = new Set(
  (
    "un un' uno una due tre quattro cinque sei sette otto nove dieci undici dodici quindici venti trenta qualche alcuni alcune " +
    'diversi diverse parecchi parecchie molti molte tanti tante più ' +
    'a an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty few several many couple'
  ).split(' '),
);
/** Words that may come with the count ("più di 3", "quasi una", "over 2", "more than a", "a couple of", "the last 3"). */
const QUALIFIERS = new Set('di oltre quasi almeno circa ben buone più over more than almost nearly about around least at of good full the past last'.split(' '));
/** At most this many count and qualifier words between the lead and the unit ("da più di tre", "for more than a"). */
const MAX_COUNT_WORDS = 4;

/** What opens a duration: "da"/"for" directly; "sono"/"è" (… "che") and "been" as a sentence. */
const LEADS = new Map<string, { lang: DurationLanguage; needsChe: boolean; canonical: string }>([
  ['da', { lang: 'it', needsChe: false, canonical: 'da' }],
  ['sono', { lang: 'it', needsChe: true, canonical: 'da' }],
  ['è', { lang: 'it', needsChe: true, canonical: 'da' }],
  ["e'", { lang: 'it', needsChe: true, canonical: 'da' }],
  ['for', { lang: 'en', needsChe: false, canonical: 'for' }],
  ['been', { lang: 'en', needsChe: false, canonical: 'for' }],
]);

/**
 * `words` with every counted duration replaced by its uncounted form ("da 3 giorni" → "da giorni",
 * "sono tre giorni che" → "da giorni che", "for over 2 weeks" → "for weeks", "da 48h" → "da ore").
 * Returns `words` itself when there is none (the common case: nothing is allocated).
 */
export function collapseDurations(words: readonly string[]): readonly string[] {
  // The pipeline asks twice per mention with the same token array (the rules, then the urgency
  // words): the second time costs nothing. Token arrays are not changed once tokenize returns them.
  if (words === lastWords) return lastCollapsed;
  lastWords = words;
  lastCollapsed = collapse(words);
  return lastCollapsed;
}

let lastWords: readonly string[] | null = null;
let lastCollapsed: readonly string[] = [];

function collapse(words: readonly string[]): readonly string[] {
  let out: string[] | null = null;
  // Words of `words` already copied to `out`.
  let copied = 0;
  for (let u = 1; u < words.length; u++) {
    const word = words[u];
    const first = word.charCodeAt(0);
    const digit = first >= 0x30 && first <= 0x39;
    if (!digit) {
      const second = word.charCodeAt(1);
      if (first >= 128 || !(second < 128) || UNIT_START[first * 128 + second] === 0) continue;
    }
    let unitLang: DurationLanguage;
    let canonical: string;
    let j = u - 1;
    let counted = false;
    const unit = digit ? undefined : UNITS.get(word);
    if (unit) {
      ({ lang: unitLang, canonical } = unit);
    } else {
      const compact = digit && word.length <= 7 ? COMPACT.exec(word) : null;
      if (!compact) continue;
      canonical = COMPACT_UNIT[compact[1]];
      unitLang = canonical === 'hours' ? 'en' : 'it';
      counted = true;
    }
    const stop = Math.max(0, u - 1 - MAX_COUNT_WORDS);
    for (; j >= stop; j--) {
      const w = words[j];
      if (COUNTS.has(w) || isNumber(w)) counted = true;
      else if (!QUALIFIERS.has(w)) break;
    }
    if (!counted || j < copied) continue;
    const lead = LEADS.get(words[j]);
    if (!lead) continue;
    // "48h" reads in either language: the lead decides.
    if (!unit && lead.lang !== unitLang) canonical = lead.lang === 'en' ? 'hours' : 'ore';
    else if (lead.lang !== unitLang) continue;
    if (lead.needsChe && words[u + 1] !== 'che') continue;
    out ??= [];
    for (; copied < j; copied++) out.push(words[copied]);
    out.push(lead.canonical, canonical);
    copied = u + 1;
  }
  if (out === null) return words;
  for (; copied < words.length; copied++) out.push(words[copied]);
  return out;
}

function isNumber(word: string): boolean {
  if (word.length === 0 || word.length > 4) return false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
