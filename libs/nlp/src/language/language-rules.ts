/**
 * The hand-written part of language detection: the words that tell Spanish, French, German,
 * Portuguese and a few other languages apart, the characters that only some of them use, and the
 * thresholds. The Italian/English decision itself is the trained model (language-model.ts).
 *
 * Why rules for es/fr/de/pt: our labelled data has Italian and English only, so there is nothing
 * to train these on. Function words (articles, prepositions, pronouns, auxiliaries) are the most
 * frequent words of any sentence and no brand name is made of them. Every word below was checked
 * against Italian and English: words that are also Italian (`per`, `con`, `una`, `le`, `non`,
 * `del`, `qui`, `ma`, `sua`, `vai`, `da`, `mai`) or English (`was`, `do`, `so`, `plus`, `van`,
 * `can`) are left out or count for less (SHARED_WORDS), and a unit test checks the lists against the
 * it/en dev data sets: a full-weight word may occur in at most 20 of their 39,000 records.
 *
 * `other` lists frequent words of languages that the detector does not name (Dutch, Polish,
 * Scandinavian languages, Turkish, Romanian, Indonesian/Malay, Tagalog), so that such text is not
 * forced into one of the six.
 */

export type RuleLanguage = 'es' | 'fr' | 'de' | 'pt' | 'other';
export const RULE_LANGUAGES: readonly RuleLanguage[] = ['es', 'fr', 'de', 'pt', 'other'];

export const LANGUAGE_NAMES: Record<RuleLanguage | 'it' | 'en', string> = {
  it: 'Italian',
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  de: 'German',
  pt: 'Portuguese',
  other: 'other-language',
};

/** A word may speak for several languages at once (`que` is Spanish, French and Portuguese). */
export const RULE_WORDS: Record<RuleLanguage, string> = {
  es: `el los las por para está están estoy estás muy gracias qué porqué también tengo tiene tienen hay
    ustedes usted nosotros vosotros y pero pues ya bien bueno buenos buenas hola días tardes noches ahora
    siempre nada algo sin hasta mismo puede puedo puedes puedas podría podria hacer todo todos mucho muchas
    muchos favor más mas desde su sus que en es este esta esto eso esa ese cuando donde dónde cómo como nos
    les al lo otro otra años necesito gustaría ayuda mi la me se un hemos hayas nuestro nuestra nuestros
    nuestras cual cuál algún algun ningún aquí allí estaba fue será tener tenemos tienes quiero quieres
    dinos decirnos ahí
    tus hoy ayer todavía todavia aún nadie entonces después despues luego vez cualquier soy eres tú él hace
    vamos pueden puedan mensaje mensajes molestias molestia disculpa disculpas inconvenientes inconveniente
    cuenta número privado privada enviado pedido ayudarte ayudarle escríbenos escribenos envíanos
    envianos síguenos siguenos saludos porfa porfavor`,
  fr: `les des est et pas avec pour dans très je j' vous nous c'est n'est qu'il qu' mais sont être avoir
    cette au aux du une elle ils sur merci bonjour oui moi toi suis fait tout tous aussi déjà peut
    comme quand votre vos notre leur été ça mon ses que en ai avez faire rien bien j'ai j'aime j'en
    qu'elle qu'on qu'un qu'une c'était aujourd'hui un se le ne personne jamais toujours depuis chez beaucoup
    pouvez voulez pourriez savez devez sommes êtes désolé désolés désolée désolées svp plaît plait aider
    cela ceci pourquoi contacter avons allez vais veux peux faut ce
    vraiment nul nulle seulement trop franchement complètement completement absolument également
    egalement pourtant alors`,
  de: `der das und ist nicht ich mit auf für ein eine einen einem dem den des sie wir ihr auch sehr noch
    wie aber oder bei nach von zu zum zur nein danke bitte gut kann wird haben hat sind war schon mal
    nur jetzt heute mein meine dein kein keine immer doch über gibt geht habe mir mich dich euch uns die
    vielen dank niemand seit`,
  pt: `não você vocês muito muita obrigado obrigada está isso isto ele ela eles nós são mas também então
    ainda aqui agora tudo todos nada seu meu minha dos das ao às pra tá vou bom dia hoje que em é
    os as por para já mais bem pelo pela num numa uma com de sem eu tem temos têm olá nosso nossa
    se você o ninguém ninguem nenhum foi estou estava tenho preciso consigo
    nos vamos pode podem mensagem mensagens número privado privada enviado pedido contato ajuda
    ajudar desculpe desculpa infelizmente aguarde atendimento`,
  other: `het een niet ik zijn wij maar voor ook naar heb hebben wordt geen deze dit jij jullie niemand
    nie jest się że jak tak mnie dla czy już
    och är inte jag jeg ikke og det har hej tack
    bir ve bu için çok değil
    şi este sunt pentru foarte
    yang tidak dengan untuk ini itu saya aku kamu dalam dari akan sudah bisa juga ada karena tapi
    ang ng mga naman lang ako ikaw hindi`,
};

/**
 * Words that are frequent in Italian or English *and* in one of the rule languages. They appear in
 * the lists above because they help when the rest of the sentence is foreign, but count for less.
 */
export const SHARED_WORD_WEIGHT = 0.35;
export const SHARED_WORDS = new Set([
  // Also Italian: "mi", "al", "lo", "la", "su", "come", "ai", "ha", "mal" (mal di testa), "dia", "mais", "un", "se",
  // and "é", the common misspelling of "è".
  'mi', 'me', 'al', 'lo', 'la', 'su', 'come', 'ai', 'ha', 'mal', 'dia', 'mais', 'un', 'se', 'é', 'ora',
  // Spanish, Portuguese and French words that turn up in Italian or English tweets as loans, names or slang
  // ("Las Vegas", "nada", "todo" lists).
  'como', 'y', 'ya', 'de', 'en', 'es', 'nos', 'que', 'mas', 'os', 'as', 'em', 'uma', 'com', 'sem', 'eu', 'bom', 'bien', 'pero',
  'las', 'otro', 'otra', 'nada', 'sin', 'favor', 'todo', 'algo', 'mon', 'est', 'le', 'ne', 'o', 'consigo',
  // Also Italian: "ce" (ce l'ho, ce ne sono); it counts in full only in "est-ce" (RULE_PAIRS).
  'ce',
  // Also English: "des" (Des Moines), "den", "war", "hat", "gut", "mit", "dem", "tak", "det", "har", "og", "ada", "hindi", "jest", "tack", "bir", "ang", "ng", "mga".
  'des', 'den', 'war', 'hat', 'gut', 'mit', 'dem', 'die', 'tak', 'det', 'har', 'og', 'ada', 'hindi', 'jest', 'tack', 'bir', 'ang', 'ng', 'mga',
]);

/**
 * Italian and English function words that none of the rule languages writes the same way: the
 * counterweight against which the rule languages are scored. (`la`, `con`, `una`, `no`, `mi`, `il`,
 * `non`, `in`, `se`, `tu`, `solo` are also Spanish, French, Portuguese or German words, so they are
 * not here.)
 */
export const IT_EN_WORDS: Record<'it' | 'en', string> = {
  it: `gli della dello degli delle dei nel nella negli nelle nei alla allo agli alle dal dalla dai dalle sul
    sulla sui sulle di per che è sono ho hai abbiamo hanno ti ci anche ancora perché perche però dove cosa
    questo questa quello quella più già sempre molto tutto tutti niente grazie io lui lei noi voi loro mio
    mia tuo suo senza tra dopo stato essere fatto ogni oggi ieri domani chi l' dell' all' un' nell' sull'
    dall' quest' anch' giù dagli buona buongiorno ciao vuoi sei siamo fare ecco cioè comunque quindi bene
    poi`,
  en: `the and of to is are was were be been have has had do does did not my your you it its this that
    with for from on at by or but what why how when where who which there their they them we our us he
    she his her will would can could should don't can't i'm it's thanks thank please just get got about
    if so than then only i`,
};

/**
 * A shared word that is a full-weight word of one language right after a given word: the
 * tokenizer splits French elisions that Italian also writes (`c'est` → `c'`, `est`; `n'est`), and
 * `est-ce` at the hyphen, so "est" and "ce" alone (also Latin and Italian words) say little, but
 * after `c'`, `n'`, `qu'` or `est` they are French.
 */
export const RULE_PAIRS: { word: string; after: string[]; lang: RuleLanguage }[] = [
  { word: 'est', after: ["c'", "n'", "qu'"], lang: 'fr' },
  { word: 'ce', after: ['est'], lang: 'fr' },
];

/**
 * Word shapes that Italian and English do not write, checked on words that are in none of the
 * lists: the first person plural of Spanish and Portuguese verbs (-amos, -emos, -imos:
 * "lamentamos", "revisamos", "escribimos"; Italian says -iamo, and six letters at least leave out
 * English "demos", "memos"), and Spanish words that begin with "ll" and a vowel ("llegado",
 * "llamamos"; no Italian word does). They are as telling as a full-weight function word and are
 * exactly what short care replies are made of ("Lamentamos lo ocurrido, te escribimos por privado").
 */
export const VERB_PLURAL_ENDINGS = ['amos', 'emos', 'imos'];
export const VERB_PLURAL_MIN_LENGTH = 6;
export const VERB_PLURAL_LANGUAGES: RuleLanguage[] = ['es', 'pt'];
export const INITIAL_LL_LANGUAGE: RuleLanguage = 'es';

/**
 * Past participles in -ado/-ados of seven letters or more ("contestado", "enviado", "quebrado",
 * "cancelado"): Spanish and Portuguese. Italian writes -ato; the few Italian and English words
 * with this ending that turn up in the it/en dev data (names, loans: "malgrado", "degrado",
 * "Corrado", "Sharknado", "avocado", "Barbados") are listed as exceptions. Care complaints are made
 * of exactly these words ("Pedido chegou quebrado", "Ya te hemos contestado").
 */
export const PARTICIPLE_ENDINGS = ['ado', 'ados'];
export const PARTICIPLE_MIN_LENGTH = 7;
export const PARTICIPLE_LANGUAGES: RuleLanguage[] = ['es', 'pt'];
export const PARTICIPLE_EXCEPTIONS = new Set([
  'malgrado', 'degrado', 'corrado', 'colorado', 'eldorado', 'tornado', 'tornados', 'sharknado', 'avocado', 'avocados',
  'desperado', 'desperados', 'bravado', 'barbados', 'salgado', 'delgado', 'machado', 'mercado',
]);

/**
 * The Portuguese past tense in -ou after a consonant, five letters or more ("chegou", "comprou",
 * "cancelou", "demorou"): no Italian word ends so, and of English only run-together "thankyou".
 */
export const PAST_OU_MIN_LENGTH = 5;
export const PAST_OU_LANGUAGE: RuleLanguage = 'pt';
export const PAST_OU_EXCEPTIONS = new Set(['thankyou']);

/**
 * An opening `¿` or `¡` (Tokens.invertedMarks): only Spanish writes them, so they are enough on
 * their own (MIN_RULE_SCORE) in a text without Italian or English function words ("¿Sigue sin
 * funcionar?"); they count once per text, however many there are, and still have to beat the
 * Italian and English function words of the text by RULE_LEAD ("¡¡OH YES it's here and with the team").
 */
export const INVERTED_MARK_WEIGHT = 2;

/**
 * Characters that only some of the languages write. Each occurrence is evidence for those
 * languages (ñ Spanish; ã, õ Portuguese; ß German; œ French); the shared ones (ç is French
 * and Portuguese, ä/ö/ü German) count less. Italian writes none of them.
 *
 * `telling` characters are, like a full-weight word, enough to let a language be named at all
 * (MIN_RULE_SCORE): an acute-accented vowel inside a word, which no Italian or English word has.
 * The other characters are not: mojibake, lower-cased by the tokenizer, writes them (`Ã±` → `ã±`).
 *
 * `inner` characters count only inside a word, not as its last letter. Italian marks stress on the
 * last vowel only, and tweets often write it with the wrong accent ("perchè", "piú", "sará",
 * "giá"), so a final accented vowel says nothing; an accent inside a word is Spanish or Portuguese
 * ("número", "todavía", "información", "você"), or French for è and é ("très", "désolé").
 */
export const RULE_CHARS: Record<string, { langs: RuleLanguage[]; weight: number; inner?: true; telling?: true }> = {
  ñ: { langs: ['es'], weight: 1 },
  ã: { langs: ['pt'], weight: 1.5 },
  õ: { langs: ['pt'], weight: 1.5 },
  ç: { langs: ['fr', 'pt'], weight: 0.75 },
  ß: { langs: ['de'], weight: 1.5 },
  œ: { langs: ['fr'], weight: 1.5 },
  ä: { langs: ['de'], weight: 1 },
  ö: { langs: ['de'], weight: 0.75 },
  ü: { langs: ['de'], weight: 0.75 },
  ê: { langs: ['fr', 'pt'], weight: 0.5 },
  â: { langs: ['fr', 'pt'], weight: 0.5 },
  á: { langs: ['es', 'pt'], weight: 0.75, inner: true, telling: true },
  í: { langs: ['es', 'pt'], weight: 0.75, inner: true, telling: true },
  ó: { langs: ['es', 'pt'], weight: 0.75, inner: true, telling: true },
  ú: { langs: ['es', 'pt'], weight: 0.75, inner: true, telling: true },
  é: { langs: ['es', 'pt', 'fr'], weight: 0.5, inner: true },
  è: { langs: ['fr'], weight: 0.75, inner: true },
};

/**
 * A rule language needs at least this much word and character evidence to be named, including at
 * least one of its words that is not in SHARED_WORDS (so that "la … al … la" is not Spanish and
 * mojibake such as `â€œ` is not French). Each distinct word counts once.
 */
export const MIN_RULE_SCORE = 2;
/** …and must beat the Italian and English function words of the same text by this factor. */
export const RULE_LEAD = 1.5;
/**
 * Unfamiliar text. A word "looks Italian or English" when the it/en model has a weight for at
 * least half of its n-grams (it has seen them often enough in training). When fewer than this
 * share of a text's words (hashtags and words under three letters aside) look so, the text has at least UNFAMILIAR_MIN_WORDS such
 * words and at most UNFAMILIAR_MAX_IT_EN_WORDS Italian or English function words, it is taken to be
 * neither Italian nor English: any rule-language evidence names the language, otherwise it is
 * `other`. This is what catches French, German, Dutch or Polish sentences that have few function
 * words; the thresholds were set on held-out folds of the dev data, where Italian and English
 * tweets almost never fall below them.
 */
export const UNFAMILIAR_COVERAGE = 0.6;
export const UNFAMILIAR_MIN_WORDS = 4;
export const UNFAMILIAR_MAX_IT_EN_WORDS = 1;
/** A text whose letters are mostly Latin letters that it/en/es/fr/de/pt do not use (ł, ş, ø…) is `other`. */
export const FOREIGN_LATIN_WORD_SHARE = 0.3;
/** A text whose letters are mostly non-Latin is `other`. */
export const NON_LATIN_SHARE = 0.5;
/** Confidence grows with evidence: with this many words the confidence reaches 1 − 1/e of its ceiling. */
export const EVIDENCE_WORDS = 3;
/** No label is ever more certain than this: tweets are short and mixed. */
export const MAX_CONFIDENCE = 0.99;
