/**
 * Latin-1 Supplement and Latin Extended-A lower-case letters folded to their base letter
 * (`é` → `e`, `ł` → `l`), so that `perché` and `perche` are one word to every stage that compares
 * words (features, near-duplicate sketches). Input is already lower case (tokenize() lower-cases).
 */
const FOLD = new Uint16Array(0x180);
(() => {
  const groups: Array<[string, string]> = [
    ['a', 'àáâãäåāăą'],
    ['c', 'çćĉċč'],
    ['d', 'ďđ'],
    ['e', 'èéêëēĕėęě'],
    ['g', 'ĝğġģ'],
    ['h', 'ĥħ'],
    ['i', 'ìíîïĩīĭįı'],
    ['j', 'ĵ'],
    ['k', 'ķ'],
    ['l', 'ĺļľŀł'],
    ['n', 'ñńņňŉ'],
    ['o', 'òóôõöøōŏő'],
    ['r', 'ŕŗř'],
    ['s', 'śŝşš'],
    ['t', 'ţťŧ'],
    ['u', 'ùúûüũūŭůűų'],
    ['w', 'ŵ'],
    ['y', 'ýÿŷ'],
    ['z', 'źżž'],
  ];
  for (const [base, variants] of groups) {
    for (const ch of variants) FOLD[ch.charCodeAt(0)] = base.charCodeAt(0);
  }
})();

/** The base letter of a code unit, or the code unit itself when there is none. */
export function foldLatin(code: number): number {
  if (code < 0xc0 || code >= 0x180) return code;
  const folded = FOLD[code];
  return folded !== 0 ? folded : code;
}
