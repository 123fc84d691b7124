import fc from 'fast-check';
import { cleanText, htmlToText, htmlToTextWithLinks, MAX_TEXT_LENGTH, rebuildClean } from './html-to-text';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

describe('htmlToText', () => {
  it('returns plain text unchanged apart from whitespace', () => {
    expect(htmlToText('La fibra non funziona')).toBe('La fibra non funziona');
    expect(htmlToText('  due   spazi \t e tab  ')).toBe('due spazi e tab');
  });

  it('drops script and style content but keeps surrounding text', () => {
    expect(htmlToText('Ciao <script>alert(1)</script>mondo')).toBe('Ciao mondo');
    expect(htmlToText('<style>p{color:red}</style><p>Testo</p>')).toBe('Testo');
    expect(htmlToText('<SCRIPT type="text/javascript">document.cookie</SCRIPT>ok')).toBe('ok');
  });

  it('drops tags with event handlers and keeps nothing of their attributes', () => {
    expect(htmlToText('<img src=x onerror=alert(1)> sito rotto')).toBe('sito rotto');
  });

  it('decodes entities, including ones that spell markup, as text', () => {
    expect(htmlToText('Tom &amp; Jerry &egrave; &#8364;5 &euro;')).toBe('Tom & Jerry è €5 €');
    expect(htmlToText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<script>alert(1)</script>');
  });

  it('keeps link text', () => {
    expect(htmlToText('Grazie <a href="https://social.example/@VelaMobile">@VelaMobile</a>!')).toBe('Grazie @VelaMobile!');
  });

  it('turns block elements and <br> into line breaks and collapses runs', () => {
    expect(htmlToText('<p>Uno</p><p>Due</p>')).toBe('Uno\nDue');
    expect(htmlToText('riga<br>riga<br/><br/>riga')).toBe('riga\nriga\nriga');
    expect(htmlToText('<ul><li>a</li><li>b</li></ul>')).toBe('a\nb');
    expect(htmlToText('<b>grassetto</b> e <i>corsivo</i>')).toBe('grassetto e corsivo');
  });

  it('strips control, zero-width and bidi-override characters', () => {
    expect(htmlToText('a\u0000b\u0007c')).toBe('abc');
    expect(htmlToText('pass\u200Bword\u200D\uFEFF')).toBe('password');
    expect(htmlToText('\u202Eevil\u202C text')).toBe('evil text');
    expect(htmlToText('soft\u00ADhyphen')).toBe('softhyphen');
    expect(htmlToText('non\u00A0breaking')).toBe('non breaking');
  });

  it('drops lone surrogates and keeps valid pairs', () => {
    expect(htmlToText('a\uD800b\uDC00c')).toBe('abc');
    expect(htmlToText('emoji 😡 ok')).toBe('emoji 😡 ok');
    expect(htmlToText('<p>\uD83D</p>')).toBe('');
  });

  it('caps the output and does not split a surrogate pair at the cut', () => {
    expect(htmlToText('a'.repeat(50_000))).toHaveLength(MAX_TEXT_LENGTH);
    const emoji = '😀'.repeat(30_000);
    const out = htmlToText(emoji);
    expect(out.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
    expect(wellFormed(out)).toBe(true);
    expect(htmlToText(`<p>${'parola '.repeat(20_000)}</p>`).length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
  });

  it('handles unclosed and broken markup', () => {
    expect(htmlToText('<p>aperto <b>non chiuso')).toBe('aperto non chiuso');
    expect(htmlToText('<script>mai chiuso')).toBe('');
    expect(htmlToText('a < b e c > d')).toBe('a < b e c > d');
    expect(htmlToText('ti amo <3')).toBe('ti amo <3');
    expect(htmlToText('<!-- commento -->visibile')).toBe('visibile');
  });

  it('parses each document from a clean state, whatever the previous one left open', () => {
    // One parser is reused for every document: an unclosed script, comment, link or attribute must not leak.
    for (const unfinished of ['<script>mai chiuso', '<!-- commento aperto', '<a href="x">link <a href="y">', '<p title="non chiuso', '<style>p{']) {
      htmlToTextWithLinks(unfinished);
      expect(htmlToTextWithLinks('<p>il <b>secondo</b> post</p>')).toEqual({ text: 'il secondo post', links: 0 });
    }
    expect(htmlToTextWithLinks('<a href="x">uno</a> e <a href="y">due</a>')).toEqual({ text: 'uno e due', links: 2 });
  });

  it('handles empty and non-string input', () => {
    expect(htmlToText('')).toBe('');
    expect(htmlToText(undefined as unknown as string)).toBe('');
    expect(htmlToText(42 as unknown as string)).toBe('');
  });

  describe('properties', () => {
    const anyText = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 }));
    const fragment = fc.oneof(
      anyText,
      fc.constantFrom('<p>', '</p>', '<br>', '<a href="x">', '</a>', '<div>', '</div>', '&amp;', '&lt;', '&#0;', '&#xD800;', '<!--', '-->', '<', '>', '\u200B', '\u0000'),
    );
    const htmlish = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''));

    it('never throws, returns well-formed text within the cap', () => {
      fc.assert(
        fc.property(htmlish, (html) => {
          const out = htmlToText(html);
          expect(typeof out).toBe('string');
          expect(out.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
          expect(wellFormed(out)).toBe(true);
          expect(out).toBe(out.trim());
          expect(/[\u0000-\u0008\u000B-\u001F\u200B-\u200F\u202A-\u202E\uFEFF]/.test(out)).toBe(false);
        }),
        { numRuns: 500 },
      );
    });

    // Well-formed documents: text nodes (escaped, as a server would), ordinary elements and
    // <script>/<style> elements whose content carries a marker that must never reach the text.
    const textNode = fc.string({ unit: 'grapheme', maxLength: 40 }).map((t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    const { doc } = fc.letrec<{ doc: string; node: string }>((tie) => ({
      doc: fc.array(tie('node'), { maxLength: 6 }).map((nodes) => nodes.join('')),
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        textNode,
        fc.tuple(fc.constantFrom('p', 'div', 'b', 'a href="https://x.example"', 'span', 'li', 'blockquote'), tie('doc')).map(([tag, inner]) => `<${tag}>${inner}</${tag.split(' ')[0]}>`),
        fc.tuple(fc.constantFrom('script', 'style', 'SCRIPT', 'script type="text/javascript"'), fc.string({ maxLength: 30 })).map(
          ([tag, code]) => `<${tag}>HIDDEN${code.replace(/<\//g, '')}</${tag.split(' ')[0]}>`,
        ),
        fc.constantFrom('<br>', '<img src=x onerror=alert(1)>', '<hr/>'),
      ),
    }));

    it('never lets script or style content through, and never produces a <script tag from markup', () => {
      fc.assert(
        fc.property(doc, (html) => {
          const out = htmlToText(html);
          expect(out).not.toContain('HIDDEN');
          expect(out.toLowerCase()).not.toContain('<script');
          expect(out).not.toContain('onerror');
        }),
        { numRuns: 500 },
      );
    });

    it('is bounded for long inputs', () => {
      fc.assert(
        fc.property(fc.string({ minLength: 10_000, maxLength: 60_000 }), (s) => {
          expect(htmlToText(s).length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
        }),
        { numRuns: 20 },
      );
    });
  });
});

describe('cleanText', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const once = cleanText(s);
        expect(cleanText(once)).toBe(once);
      }),
    );
  });

  it('returns an already clean text as it is, and agrees with the full pass on every text', () => {
    const clean = 'Ciao @vela_mobile, la fibra non va da ieri… 😡 #disservizio\nGrazie “a nessuno”';
    expect(cleanText(clean)).toBe(clean);
    // Whitespace and invisible characters the shortcut must hand to the full pass.
    const pieces = fc.constantFrom(' ', '  ', '\n', '\n ', '\t', '\r', '\u00a0', '\u00ad', '\u200b', '\u2028', '\u202e', '\u2066', '\u3000', '\ufeff', '\ud83d', '\ude21', '\ud83d\ude21', 'é', '…', 'a', 'B', '1', '\u0085', '\u007f');
    const texts = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')));
    fc.assert(
      fc.property(texts, (s) => {
        expect(cleanText(s)).toBe(rebuildClean(s));
      }),
      { numRuns: 2000 },
    );
    const long = 'a '.repeat(MAX_TEXT_LENGTH);
    expect(cleanText(long)).toBe(rebuildClean(long));
  });
});
