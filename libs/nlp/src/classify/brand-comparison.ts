/**
 * Two names a question sets side by side: "Vela o Iliad per chi viaggia spesso in Europa?",
 * "Qualcuno ha provato sia TeleNova che Netflix?", "Anyone compared GiroBici with the city's
 * e-scooters?". PRODUCT.md counts comparisons with competitors as marketing: the question is put to
 * the crowd, not to the brand, and no care team answers "which is better". Names are told by their
 * capital letter (or an @), so this reads the text, not the lower-case tokens; "oggi o domani?"
 * compares no names.
 */
export interface BrandComparison {
  first: string;
  /** The other side as written: a name, or the words after "compared X with" ("the city's e-scooters"). */
  second: string;
}

// A name: an @handle, or a capitalised word optionally followed by one more ("Vela Mobile", "Poste
// Italiane"). Not a number: "5G o 4G?" asks about a network, not about two brands.
const NAME = String.raw`(?:@[\p{L}\d_]+|\p{Lu}[\p{L}\d]*(?:[ -]\p{Lu}[\p{L}\d]*)?)`;
const OR = String.raw`(?:o|or|oppure|vs\.?|versus)`;
// Not inside a word, a hashtag or a handle.
const START = String.raw`(?<![\p{L}\p{N}@#_])`;

// No `i` flag: with it, \p{Lu} would match lower case too, and "oggi o domani" would compare.
const PATTERNS: readonly RegExp[] = [
  // "Vela o Iliad", "@VelaMobile vs @Iliad".
  new RegExp(`${START}(${NAME})\\s+${OR}\\s+(${NAME})(?![\\p{L}\\p{N}])`, 'u'),
  // "sia TeleNova che Netflix".
  new RegExp(`${START}[Ss]ia\\s+(${NAME})\\s+che\\s+(${NAME})`, 'u'),
  // "tra Vela e Iliad", "between Vela and Iliad".
  new RegExp(`${START}(?:[Tt]ra|[Ff]ra|[Bb]etween)\\s+(${NAME})\\s+(?:e|and)\\s+(${NAME})`, 'u'),
  // "compared GiroBici with the city's e-scooters", "confrontato Vela con Iliad".
  new RegExp(`${START}(?:[Cc]ompared?|[Cc]omparing|[Cc]onfront\\p{L}*)\\s+(${NAME})\\s+(?:with|to|con)\\s+((?:the\\s+)?[\\p{L}\\d'’-]+(?:\\s+[\\p{L}\\d'’-]+)?)`, 'u'),
];

/** The first comparison of two different names in a post that asks something; null when there is none. */
export function brandComparison(text: string): BrandComparison | null {
  if (!text.includes('?')) return null;
  for (const pattern of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [first, second] = [match[1].trim(), match[2].trim()];
    // "o" between the same name twice is no comparison ("Vela o Vela?").
    if (first.replace(/^@/, '').toLowerCase() === second.replace(/^@/, '').toLowerCase()) continue;
    return { first, second };
  }
  return null;
}
