/**
 * Everything language detection knows, in one place.
 *
 * Method: count function words (articles, prepositions, pronouns, auxiliaries: the words every
 * sentence needs and no brand name is made of), then, when words alone are not decisive, score
 * character trigrams typical of each language and the share of words ending in a vowel (high in
 * Italian). Words shared by Italian and English (`a`, `in`, `no`, `me`, `i`) are left out on
 * purpose; words that are common in a third language count for `other`, so Spanish or French
 * text is not forced into Italian.
 */

/** Weight 1 unless noted; 0.5 for words that also occur in English (e.g. `come`). */
export const ITALIAN_WORDS: Record<string, number> = weighted(
  `il lo gli la le un una uno del della dello degli delle dei nel nella nello negli nelle nei al alla allo agli alle ai
   dal dalla dai dalle sul sulla sui sulle col di da per con che non è e ed sono sei siamo siete ho hai ha abbiamo avete hanno
   ero era eravamo erano sarà sarebbe sia stato stata stati fatto fare fa essere avere mi ti ci vi si ne ma anche ancora
   perché perche perchè però pero quando dove cosa questo questa questi queste quello quella quelli quelle più già gia
   sempre mai solo molto tutto tutta tutti tutte niente nulla nessuno nessuna qualcuno qualcosa ogni poi ora oggi ieri
   domani grazie ciao buongiorno buonasera io tu lui lei noi voi loro mio mia miei mie tuo tua suo sua nostro nostra vostro
   vostra senza tra fra dopo prima sotto sopra perciò quindi invece mentre ecco cioè chi quale quali quanto quanta
   quanti sto sta stanno stiamo devo deve possono posso può puo riesco riesce vorrei volevo sapete avete dovete siete
   l' dell' dall' nell' sull' all' un' c' d' quell' quest' anch' com' dov'`,
  { come: 0.5, se: 0.5, o: 0.5, su: 0.5, la: 0.75, le: 0.75 },
);

export const ENGLISH_WORDS: Record<string, number> = weighted(
  `the and of to is are was were be been being have has had do does did not my your you it its it's this that these those
   with for from on at by an or but what why how when where who which there their they them we our us he she his her him
   will would can could should shall may might must can't don't doesn't didn't isn't aren't wasn't won't wouldn't i'm
   i've i'd you're we're they're that's there's what's just still again any some all about after before since because
   thanks thank please hello hi today yesterday tomorrow get got also very really more out up if so than then only
   as one every anyone someone nobody nothing here now been into over back after while`,
  { me: 0.5, so: 0.5, do: 0.75 },
);

/** Frequent words of Spanish, French, German and Portuguese that are not Italian or English words. */
export const OTHER_LANGUAGE_WORDS: Record<string, number> = weighted(
  `el los las y es está esta muy por qué para gracias hola desde también tengo tiene hay ustedes nosotros
   les des est et je vous nous pas avec pour mais très merci bonjour c'est au aux sont être avoir cette dans
   der die das und ist nicht ich mit auf für ein eine danke wir sie auch sehr noch wie
   não você muito obrigado obrigada uma os ao às`,
  {},
);

/**
 * Character trigrams (`_` marks a word boundary) that are far more frequent in one language than in
 * the other. Short on purpose: they only break ties that function words leave open.
 */
export const ITALIAN_TRIGRAMS = splitList(`zio zie gli chi che ghe ghi ell lla llo tto tta tti zza zzo ggi cci cch sci gno gna uol iam ità
  oni ono nza ezz rei ssi ssa sso zi_ _qu`);
export const ENGLISH_TRIGRAMS = splitList(`_th the he_ th_ hat thi ing ng_ _wh wha ght ht_ ck_ ay_ ey_ ly_ ed_ _yo you ow_ ew_ wor _kn nd_
  ty_ sh_ _sh ous ould`);

/** Below this many words the text is called `other` unless the evidence is overwhelming. */
export const MIN_WORDS = 3;
/** The winner must lead the runner-up by this share of the total evidence. */
export const MIN_MARGIN = 0.25;
/** Word-level evidence at or above which trigrams are not computed (speed: most posts stop here). */
export const DECISIVE_WORD_SCORE = 4;
export const TRIGRAM_WEIGHT = 0.25;
/** Extra evidence for Italian when at least this share of words ends in a vowel (Italian ~85%, English ~35%). */
export const VOWEL_ENDING_THRESHOLD = 0.7;
export const VOWEL_ENDING_WEIGHT = 1.5;

function splitList(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

function weighted(list: string, overrides: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const word of list.split(/\s+/)) if (word) out[word] = 1;
  for (const [word, weight] of Object.entries(overrides)) out[word] = weight;
  return out;
}
