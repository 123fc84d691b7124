import { CATEGORIES, FLUSH_REASONS, INTENTS, LANGUAGES, SENTIMENTS, newMentionWorkflow, priorityFrom, readPriorityFactors, type MentionAnalysis, type RawMention } from '@ascolto/domain';
import fc from 'fast-check';
import { analyzeMention, runPipeline, toMention } from './pipeline';
import { shippedModels } from './models/pipeline-models';
import { createTopicMatcher } from './topics/compile-topic-query';
import { PIPELINE_VERSION } from './version';

const NOW = new Date('2026-06-15T12:00:00.000Z');

function raw(content: string, extra: Partial<RawMention> = {}): RawMention {
  return {
    id: 'rss-0123456789abcdef0123456789abcdef',
    sourceType: 'rss',
    sourceId: 'src-1',
    sourceKey: 'https://feeds.example/vela.xml',
    externalId: 'post-1',
    url: 'https://social.example/p/1',
    title: null,
    content,
    author: { name: 'Giulia', handle: null, url: null },
    publishedAt: '2026-06-15T11:00:00.000Z',
    collectedAt: NOW.toISOString(),
    ...extra,
  };
}

function expectWellFormed(a: MentionAnalysis) {
  expect(LANGUAGES).toContain(a.language);
  expect(SENTIMENTS).toContain(a.sentiment);
  expect(CATEGORIES).toContain(a.category);
  expect(INTENTS).toContain(a.intent);
  if (a.category === 'flush') expect(FLUSH_REASONS).toContain(a.flushReason);
  else expect(a.flushReason).toBeNull();
  expect(a.sentimentScore).toBeGreaterThanOrEqual(-1);
  expect(a.sentimentScore).toBeLessThanOrEqual(1);
  expect(Number.isInteger(a.priority)).toBe(true);
  expect(a.priority).toBeGreaterThanOrEqual(0);
  expect(a.priority).toBeLessThanOrEqual(100);
  // The stored factors give back the priority (as a label correction recomputes it), after a trip
  // through JSON as in Elasticsearch; only a post the pipeline could not read has none.
  const factors = readPriorityFactors(JSON.parse(JSON.stringify(a.priorityFactors)));
  if (a.explanations.language.reasons.some((r) => r.startsWith('pipeline error'))) expect(a.priorityFactors).toBeNull();
  else expect(factors && priorityFrom(a, factors)).toBe(a.priority);
  for (const e of Object.values(a.explanations)) {
    expect(e.confidence).toBeGreaterThanOrEqual(0);
    expect(e.confidence).toBeLessThanOrEqual(1);
    expect(Array.isArray(e.reasons)).toBe(true);
  }
  expect(a.pipelineVersion).toBe(PIPELINE_VERSION);
  expect(a.text.length).toBeLessThanOrEqual(10_000);
}

describe('analyzeMention', () => {
  it('analyses an Italian complaint end to end', () => {
    const a = analyzeMention(raw('<p>La fibra <b>non funziona</b> da tre giorni &amp; nessuno risponde. Vergogna!</p>'), NOW);
    expect(a).toMatchObject({ text: 'La fibra non funziona da tre giorni & nessuno risponde. Vergogna!', language: 'it', sentiment: 'negative', category: 'service', intent: 'complaint', flushReason: null });
    expect(a.priority).toBeGreaterThan(40);
    expect(a.explanations.language.label).toBe('it');
    expect(a.explanations.sentiment.label).toBe('negative');
    expect(a.explanations.category.label).toBe('service');
    expect(a.explanations.intent.label).toBe('complaint');
    expectWellFormed(a);
  });

  it('analyses English praise', () => {
    const a = analyzeMention(raw('Thanks @VelaMobile, the technician was amazing and fixed everything in ten minutes!'), NOW);
    expect(a).toMatchObject({ language: 'en', sentiment: 'positive', category: 'marketing', intent: 'praise' });
    expect(a.priority).toBeLessThan(20);
  });

  it('uses the title too when the body does not start with it', () => {
    const a = analyzeMention(raw('Da stamattina niente da fare.', { title: 'Fibra down a Bologna, anche voi?' }), NOW);
    expect(a.text).toBe('Da stamattina niente da fare.');
    expect(a.intent).toBe('incident');
  });

  it('falls back to the title when there is no content', () => {
    expect(analyzeMention(raw('', { title: '<b>Vela Mobile</b> lancia la fibra' }), NOW).text).toBe('Vela Mobile lancia la fibra');
  });

  it('shows hostile markup as nothing executable', () => {
    const a = analyzeMention(raw('Il sito non funziona <script>alert(1)</script><img src=x onerror=alert(1)> dopo il login'), NOW);
    expect(a.text).toBe('Il sito non funziona dopo il login');
    expect(a.category).toBe('service');
  });

  it.each([
    ['empty text', ''],
    ['whitespace', ' \n\t '],
    ['only emoji', '😡😡😡'],
    ['only a link', 'https://x.example/a'],
    ['a 50,000-character text', 'la linea non va '.repeat(3_200)],
    ['a 50,000-character word', 'a'.repeat(50_000)],
    ['lone surrogates', 'rotto \uD800 e \uDFFF ancora'],
    ['RTL and bidi overrides', '\u202Eالخدمة سيئة\u202C \u200F שירות גרוע'],
    ['zero-width characters', 'gu\u200Basto\u200D\uFEFF'],
    ['control characters', '\u0000\u0001\u0007\u001B[31m'],
    ['deeply nested markup', '<div>'.repeat(5_000) + 'ciao' + '</div>'.repeat(5_000)],
    ['a huge tag soup', '<a href="x">'.repeat(20_000)],
  ])('never throws on %s and gives a sensible label', (_what, content) => {
    const a = analyzeMention(raw(content), NOW);
    expectWellFormed(a);
  });

  it('gives low confidence when there is nothing to read', () => {
    for (const content of ['', '😡', '\u200B']) {
      const a = analyzeMention(raw(content), NOW);
      expect(a.language).toBe('other');
      expect(a.explanations.language.confidence).toBeLessThanOrEqual(0.3);
      expect(a.explanations.category.confidence).toBeLessThanOrEqual(0.5);
    }
  });

  it('survives malformed raw mentions', () => {
    const broken = { ...raw('x'), content: null, title: 42, publishedAt: 'nope' } as unknown as RawMention;
    expectWellFormed(analyzeMention(broken, NOW));
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), fc.option(fc.string({ maxLength: 100 })), (content, title) => {
        expectWellFormed(analyzeMention(raw(content, { title }), NOW));
      }),
      { numRuns: 300 },
    );
  });

  it('reads any post through topics with handles and exclusions without falling back', () => {
    const topics = [
      createTopicMatcher({ id: 'vela', query: '@VelaMobile OR (vela NOT (regata OR randa))' }),
      createTopicMatcher({ id: 'fibra', query: '"fibra lenta"~2 OR @Vela_IT' }),
    ];
    const piece = fc.oneof(
      fc.constantFrom('@VelaMobile', '@vela_it', 'vela', 'regata', 'fibra', 'lenta', '?', '.', '!', '12', '5€', '$', '%', 'follower', 'vendo', 'non funziona', 'che fine ha fatto', '\u202e', '\u200b', '\ud800', '\n'),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const analysis = analyzeMention(raw(pieces.join(' ')), NOW, { topics });
        expectWellFormed(analysis);
        expect(analysis.explanations.category.reasons.join(' ')).not.toContain('pipeline error');
      }),
      { numRuns: 500 },
    );
  });

  it('ages priority with publishedAt', () => {
    const text = 'La fibra non funziona da tre giorni, vergogna';
    const fresh = analyzeMention(raw(text, { publishedAt: NOW.toISOString() }), NOW).priority;
    const old = analyzeMention(raw(text, { publishedAt: '2026-06-10T12:00:00.000Z' }), NOW).priority;
    expect(old).toBeLessThan(fresh);
  });
});

describe('the trained models in the pipeline', () => {
  it('explains sentiment with the model, the words that decided it and the lexicon', () => {
    const a = analyzeMention(raw('Worst airline ever, my flight was cancelled and nobody helped'), NOW);
    expect(a.sentiment).toBe('negative');
    expect(a.sentimentScore).toBeLessThan(-0.5);
    const reasons = a.explanations.sentiment.reasons;
    expect(reasons[0]).toMatch(/^model sentiment-en: negative p=[01]\.\d\d$/);
    expect(reasons.slice(1).join(' ')).toMatch(/"(worst|cancelled)" \+\d/);
    expect(a.explanations.sentiment.confidence).toBeGreaterThan(0.5);
  });

  it('detects an English complaint with the complaint model and says so', () => {
    const a = analyzeMention(raw("@VelaMobile I've been charged twice this month and still no refund. Fix this"), NOW);
    expect(a.intent).toBe('complaint');
    expect(a.category).toBe('service');
    expect(a.explanations.intent.reasons.join(' ')).toMatch(/complaint model p=0\.\d\d/);
  });

  it('keeps the lexicon for languages without a trained model', () => {
    const a = analyzeMention(raw('El servicio es muy malo y nadie responde, qué vergüenza'), NOW);
    expect(a.language).toBe('es');
    expect(a.explanations.sentiment.reasons.join(' ')).not.toContain('model sentiment');
    expectWellFormed(a);
  });

  it('uses the models it is given (evaluation swaps in cross-validated ones)', () => {
    const text = 'Servizio ottimo, grazie mille!';
    const normal = analyzeMention(raw(text), NOW);
    const withoutModels = analyzeMention(raw(text), NOW, { models: { sentiment: {}, complaint: {} } });
    expect(normal.explanations.sentiment.reasons[0]).toMatch(/^model sentiment-it/);
    expect(withoutModels.explanations.sentiment.reasons.join(' ')).not.toContain('model sentiment');
  });

  it('tags topics whose matcher accepts the mention', () => {
    const topics = [
      { id: 'fibra', matches: (doc: { words: readonly string[] }) => doc.words.includes('fibra') },
      { id: 'mobile', matches: () => false },
    ];
    const [mention] = runPipeline([raw('La fibra è lenta')], NOW, { topics });
    expect(mention.topicIds).toEqual(['fibra']);
  });

  it('reads an Italian problem report in plain words as negative, where only the rules judge complaints', () => {
    const post = 'Sito di @AuroraEnergia down, impossibile pagare la bolletta in scadenza oggi';
    const shipped = analyzeMention(raw(post), NOW);
    expect([shipped.language, shipped.intent, shipped.sentiment]).toEqual(['it', 'incident', 'negative']);
    expect(shipped.explanations.sentiment.reasons[0]).toBe('a problem report in plain words: negative towards the brand (the model read neutral)');
    // With an Italian complaint model (trained from the team's corrections), the models' reading stands.
    const models = shippedModels();
    const withItalianComplaints = analyzeMention(raw(post), NOW, { models: { ...models, complaint: { ...models.complaint, it: models.complaint.en } } });
    expect(withItalianComplaints.sentiment).toBe('neutral');
  });

  it('reads an Italian problem report the model calls positive, unsure, as negative', () => {
    const post = 'Il treno delle 8 è di nuovo in ritardo, terza volta questa settimana';
    const shipped = analyzeMention(raw(post), NOW);
    expect([shipped.intent, shipped.sentiment]).toEqual(['complaint', 'negative']);
    expect(shipped.explanations.sentiment.reasons[0]).toBe('a problem report in plain words: negative towards the brand (the model read positive, unsure)');
    // The model's own reading, which the rule overrides.
    expect(shipped.explanations.sentiment.reasons[1]).toMatch(/^model sentiment-it: positive p=0\.[0-4]\d$/);
  });

  describe('a post a topic excludes by its own rule', () => {
    const sailing = 'Regata di domenica: vento perfetto, la vela randa nuova ha fatto la differenza';

    it('is flushed as off_topic when no topic takes it', () => {
      const topics = [createTopicMatcher({ id: 'vela', query: 'vela NOT (regata OR randa)' })];
      const post = analyzeMention(raw(sailing), NOW, { topics });
      expect([post.category, post.flushReason, post.intent, post.topicIds]).toEqual(['flush', 'off_topic', 'other', []]);
      expect(post.explanations.category.reasons).toEqual(["excluded by a topic's own rule (NOT)"]);
      expect(analyzeMention(raw(sailing), NOW).flushReason).not.toBe('off_topic');
    });

    it('is kept when another topic takes it', () => {
      const topics = [createTopicMatcher({ id: 'vela', query: 'vela NOT regata' }), createTopicMatcher({ id: 'sailing', query: 'regata' })];
      const post = analyzeMention(raw(sailing), NOW, { topics });
      expect(post.topicIds).toEqual(['sailing']);
      expect(post.flushReason).not.toBe('off_topic');
    });
  });

  describe('a post written to an account a matching topic asks for', () => {
    const topics = [createTopicMatcher({ id: 'lampo', query: '@LampoExpress OR "Lampo Express"' })];
    const post = '@LampoExpress left my parcel in the rain outside the building, the box is soaked';

    it('is kept for a person, not flushed, when no rule knows its words', () => {
      const alone = analyzeMention(raw(post), NOW);
      expect([alone.category, alone.flushReason]).toEqual(['flush', 'no_action']);
      const listened = analyzeMention(raw(post), NOW, { topics });
      expect([listened.category, listened.intent, listened.flushReason]).toEqual(['service', 'complaint', null]);
      expect(listened.explanations.category).toEqual({
        label: 'service',
        confidence: 0.35,
        reasons: ['written to @lampoexpress, with no clear request: kept for a person'],
      });
      // People write to a brand's account mostly when something went wrong: an unsure complaint.
      expect(listened.explanations.intent).toEqual({
        label: 'complaint',
        confidence: 0.35,
        reasons: ['written to the brand, with no question, thanks or wish: most often a problem'],
      });
    });

    it('is no complaint when it asks or wishes something, even faintly, or its tone is clearly good', () => {
      // "idea" is a wish below the intent threshold: the intent stays unknown, the post kept.
      const wish = analyzeMention(raw("@LampoExpress un'idea: gli armadietti anche in stazione centrale"), NOW, { topics });
      expect([wish.category, wish.intent]).toEqual(['service', 'other']);
      const good = analyzeMention(raw('@LampoExpress gli armadietti anche in stazione centrale'), NOW, { topics });
      expect(good.sentiment).toBe('positive');
      expect(good.sentimentScore).toBeGreaterThanOrEqual(0.5);
      expect([good.category, good.intent]).toEqual(['service', 'other']);
    });

    it('counts only for a topic that matches the post and names that account', () => {
      // The account is named, but the topic's other rules exclude the post: not this team's mention.
      const excluding = [createTopicMatcher({ id: 'lampo', query: '@LampoExpress NOT parcel' })];
      expect(analyzeMention(raw(post), NOW, { topics: excluding }).category).toBe('flush');
      // The topic matches through the brand's name; the handle written to is someone else's.
      const byName = [createTopicMatcher({ id: 'lampo', query: 'parcel' })];
      expect(analyzeMention(raw(post), NOW, { topics: byName }).category).toBe('flush');
    });

    it('does not save spam or a post too short to act on', () => {
      const spam = analyzeMention(raw('@LampoExpress Buy followers cheap, click here, easy money, passive income'), NOW, { topics });
      expect([spam.category, spam.flushReason]).toEqual(['flush', 'spam']);
      const short = analyzeMention(raw('@LampoExpress ok'), NOW, { topics });
      expect([short.category, short.flushReason]).toEqual(['flush', 'no_action']);
    });
  });

  it('reads a question comparing the brand with a competitor as marketing, unless it names a problem', () => {
    const asked = analyzeMention(raw('Vela o Iliad per chi viaggia spesso in Europa? Voi cosa usate?'), NOW);
    expect([asked.category, asked.intent]).toEqual(['marketing', 'question']);
    expect(asked.explanations.category.reasons).toContain('comparison: "Vela" or "Iliad"');
    // Without the names' capitals it is just a question.
    expect(analyzeMention(raw('vela o iliad per chi viaggia spesso in europa? voi cosa usate?'), NOW).category).toBe('service');
    // A hostile name is cut to 40 code points, never inside a surrogate pair.
    const bold = analyzeMention(raw(`${'𝐕𝐄𝐋𝐀'.repeat(15)} o Iliad, chi consigliate?`), NOW);
    const reason = bold.explanations.category.reasons.find((r) => r.startsWith('comparison:'))!;
    expect(reason).toBe(`comparison: "${'𝐕𝐄𝐋𝐀'.repeat(10)}" or "Iliad"`);
    expect(reason).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    const problem = analyzeMention(raw('Vela o Iliad? Con Vela la rete non funziona da tre giorni'), NOW);
    expect(problem.category).toBe('service');
  });

  describe('a post the source says was written to the brand (brandChannel)', () => {
    const comment = 'Sabato sera ho lasciato il cappotto blu sulla sedia del tavolo 12';

    it('is kept for a person when no rule knows its words, with the channel as the reason', () => {
      expect(analyzeMention(raw(comment), NOW).flushReason).toBe('no_action');
      const reasons = {
        direct_message: 'a private message to the brand, with no clear request: kept for a person',
        own_page: "written on the brand's own Page, with no clear request: kept for a person",
        account_mention: "tags the brand's account, with no clear request: kept for a person",
      } as const;
      for (const [brandChannel, reason] of Object.entries(reasons) as Array<[keyof typeof reasons, string]>) {
        const kept = analyzeMention(raw(comment, { brandChannel }), NOW);
        expect([kept.category, kept.intent, kept.flushReason]).toEqual(['service', 'complaint', null]);
        expect(kept.explanations.category).toEqual({ label: 'service', confidence: 0.35, reasons: [reason] });
      }
    });

    it('names the handle when a topic gives one, and ignores a channel it does not know', () => {
      const topics = [createTopicMatcher({ id: 'lampo', query: '@LampoExpress' })];
      const both = analyzeMention(raw(`@LampoExpress ${comment}`, { brandChannel: 'own_page' }), NOW, { topics });
      expect(both.explanations.category.reasons).toEqual(['written to @lampoexpress, with no clear request: kept for a person']);
      // A stored or imported document may carry anything.
      expect(analyzeMention(raw(comment, { brandChannel: 'fax' as never }), NOW).flushReason).toBe('no_action');
    });

    it("flushes a comment on the Page written to someone else's handle, unless it asks or complains", () => {
      const friend = analyzeMention(raw('@giulia.ferri guarda questo tavolo per la taverna', { brandChannel: 'own_page' }), NOW);
      expect([friend.category, friend.flushReason, friend.explanations.category.reasons]).toEqual([
        'flush',
        'no_action',
        ['a comment to @giulia.ferri, not to the brand, with no clear request'],
      ]);
      expect(analyzeMention(raw('@tom_k look, they finally do oat milk here', { brandChannel: 'own_page' }), NOW).flushReason).toBe('no_action');
      // A private message has no one else to be written to, and an account tag often opens with the
      // brand's own handle; a problem is read whoever it is written to.
      for (const brandChannel of ['direct_message', 'account_mention'] as const) {
        expect(analyzeMention(raw('@giulia_ferri guarda questo tavolo per la taverna', { brandChannel }), NOW).category).toBe('service');
      }
      expect(analyzeMention(raw('@marco anche a me non è mai arrivato il divano', { brandChannel: 'own_page' }), NOW).category).toBe('service');
    });

    it('still flushes spam and a post too short to act on, and is never a keyword collision', () => {
      const spam = analyzeMention(raw('Buy followers cheap, click here, easy money, passive income', { brandChannel: 'own_page' }), NOW);
      expect([spam.category, spam.flushReason]).toEqual(['flush', 'spam']);
      const short = analyzeMention(raw('Primo!', { brandChannel: 'own_page' }), NOW);
      expect([short.category, short.flushReason]).toEqual(['flush', 'no_action']);
      // "vela NOT regata" turns the words away, but a private message is no keyword search.
      const topics = [createTopicMatcher({ id: 'vela', query: 'vela NOT regata' })];
      const text = 'Regata di domenica: vento perfetto, la vela randa nuova ha fatto la differenza';
      expect(analyzeMention(raw(text), NOW, { topics }).flushReason).toBe('off_topic');
      expect(analyzeMention(raw(text, { brandChannel: 'direct_message' }), NOW, { topics }).flushReason).not.toBe('off_topic');
    });
  });

  describe('small talk no topic takes (topicMatched)', () => {
    const topics = [createTopicMatcher({ id: 'vela', query: '@VelaMobile OR "Vela Mobile"' })];
    const labels = (text: string, options: { topics?: typeof topics } = { topics }, extra: Partial<RawMention> = {}) => {
      const a = analyzeMention(raw(text, extra), NOW, options);
      return [a.category, a.intent, a.flushReason, a.explanations.category.reasons[0]];
    };

    it('flushes a question to the crowd and a good mood that name nothing the topics follow', () => {
      expect(labels('Qualcuno ha visto la partita ieri sera?')).toEqual(['flush', 'other', 'no_action', 'a question about nothing a topic follows: small talk']);
      expect(labels('anyone watching the match tonight?')).toEqual(['flush', 'other', 'no_action', 'a question about nothing a topic follows: small talk']);
      expect(labels('buongiorno a tutti ☕')).toEqual(['flush', 'other', 'no_action', 'praise of nothing a topic follows: small talk']);
      expect(labels('just finished my first marathon!!')).toEqual(['flush', 'other', 'no_action', 'praise of nothing a topic follows: small talk']);
    });

    it('keeps them when a topic takes the post, without topics to ask, on a brand channel and in a review', () => {
      expect(labels('Qualcuno ha provato Vela Mobile? Come va?').slice(0, 2)).toEqual(['service', 'question']);
      expect(labels('buongiorno @VelaMobile ☕').slice(0, 2)).toEqual(['marketing', 'praise']);
      // The data sets and an account without topics: nothing says what the team follows.
      expect(labels('Qualcuno ha visto la partita ieri sera?', {}).slice(0, 2)).toEqual(['service', 'question']);
      expect(labels('buongiorno a tutti ☕', { topics: [] }).slice(0, 2)).toEqual(['marketing', 'praise']);
      expect(labels('buongiorno a tutti ☕', { topics }, { brandChannel: 'own_page' }).slice(0, 2)).toEqual(['marketing', 'praise']);
      // A review is about the app it is left on, whatever its words name.
      expect(labels('Fantastica, la uso ogni giorno', { topics }, { rating: 5 }).slice(0, 2)).toEqual(['marketing', 'praise']);
    });

    it('flushes a crowd question whose "anyone else" names no problem', () => {
      expect(labels('anyone else already planning christmas dinner?').slice(0, 3)).toEqual(['flush', 'other', 'no_action']);
      expect(labels('anyone else having no signal in Leeds?')[0]).toBe('service');
    });

    it('keeps them when they use care, marketing or problem words', () => {
      expect(labels('Qualcuno sa se la fibra arriva a Cuneo?')[0]).toBe('service');
      expect(labels('Anche a voi non funziona internet?')[0]).toBe('service');
      expect(labels('Bellissimo il nuovo spot in tv!')[0]).toBe('marketing');
    });

    it('finds the brand written with an English possessive', () => {
      const nimbus = [createTopicMatcher({ id: 'nimbus', query: '@NimbusAir OR "Nimbus Air"' })];
      const cabin = analyzeMention(raw("Nimbus Air's cabin crew were lovely today"), NOW, { topics: nimbus });
      expect([cabin.topicIds, cabin.category]).toEqual([['nimbus'], 'marketing']);
      const lost = analyzeMention(raw("@NimbusAir's app ate my boarding pass, nobody answers"), NOW, { topics: nimbus });
      expect(lost.topicIds).toEqual(['nimbus']);
      expect(lost.category).toBe('service');
    });
  });

  it('flushes a private message that only says ok or thanks, and nothing more', () => {
    const dm = (text: string) => analyzeMention(raw(text, { brandChannel: 'direct_message' }), NOW);
    for (const text of ['ok grazie 👍', 'Grazie!!', 'thanks!', 'Ok, ricevuto. Grazie mille', 'thank you so much', "cheers, that's great"]) {
      const a = dm(text);
      expect([text, a.category, a.intent, a.flushReason, a.explanations.category.reasons]).toEqual([text, 'flush', 'other', 'no_action', ['a private message that only acknowledges: nothing to do']]);
    }
    expect(dm('ok grazie, ma il rimborso?').category).toBe('service');
    expect(dm('grazie, avete risolto il problema della fattura').category).not.toBe('flush');
    // Said in public, thanks are praise a marketing team counts.
    expect(analyzeMention(raw('Grazie!!'), NOW).category).toBe('marketing');
  });

  it('keeps a plausible follower count and drops one Elasticsearch could not store', () => {
    const author = (followers: number) => ({ name: 'x', handle: null, url: null, followers });
    expect(runPipeline([raw('ciao', { author: author(12_000) })], NOW)[0].author.followers).toBe(12_000);
    expect(runPipeline([raw('ciao', { author: author(1e30) })], NOW)[0].author.followers).toBeNull();
    expect(runPipeline([raw('ciao', { author: author(-5) })], NOW)[0].author.followers).toBeNull();
    expect(runPipeline([raw('ciao')], NOW)[0].author).toEqual({ name: 'Giulia', handle: null, url: null });
  });
});

describe('toMention and runPipeline', () => {
  it('adds the workflow defaults of a new mention and keeps the raw content', () => {
    const r = raw('<p>Ciao</p>');
    const mention = toMention(r, analyzeMention(r, NOW));
    expect(mention).toMatchObject({
      id: r.id,
      content: '<p>Ciao</p>',
      text: 'Ciao',
      ...newMentionWorkflow(),
      topicIds: [],
      pipelineVersion: PIPELINE_VERSION,
    });
  });

  it('analyses a batch in order with one clock', () => {
    const batch = [raw('Grazie, tutto perfetto!', { id: 'a' }), raw('Rete assente in tutta la zona, anche voi?', { id: 'b' })];
    const mentions = runPipeline(batch, NOW);
    expect(mentions.map((m) => m.id)).toEqual(['a', 'b']);
    expect(mentions[0].intent).toBe('praise');
    expect(mentions[1].intent).toBe('incident');
    expect(runPipeline([], NOW)).toEqual([]);
  });
});
