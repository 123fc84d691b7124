import { REASON_KEYS, reasonKey, reasonText } from './explanation-reasons';

/** Shows the key and its parameters, so each test reads what the dashboard would be asked to translate. */
const t = (key: string, params: Record<string, unknown> = {}) =>
  `${key}${Object.keys(params).length ? `{${Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join(',')}}` : ''}`;

describe('reasonText', () => {
  it.each([
    ['complaint score 4 vs 2', 'reason.scoreVs{signal=taxonomy.intent.complaint,score=4,second=2}'],
    ['spam score 3.5 ≥ 3', 'reason.flushScore{signal=taxonomy.flushReason.spam,score=3.5,threshold=3}'],
    ['strongest cue: praise 1.4 < 1.5', 'reason.strongestCue{signal=taxonomy.intent.praise,score=1.4,threshold=1.5}'],
    ['negative sentiment (-0.808)', 'reason.sentimentScore{sentiment=taxonomy.sentiment.negative,score=-0.808}'],
    ['model sentiment-it: positive p=0.98', 'reason.sentimentModel{model=sentiment-it,sentiment=taxonomy.sentiment.positive,p=0.98}'],
    ['lexicon phrase "non funziona" -2', 'reason.lexiconWord{kind=reason.lexiconKind.phrase,word=non funziona,weight=-2}'],
    ['negation +0.6', 'reason.featureWeight{feature=reason.feature.negation,weight=+0.6}'],
    ['addressed to a support account +0.9', 'reason.featureWeight{feature=reason.feature.addressedSupport,weight=+0.9}'],
    ['character n-grams favour Italian (p=0.97)', 'reason.ngrams{language=taxonomy.language.it,p=0.97}'],
    ['Spanish function words: "la", "un"', 'reason.functionWords{language=taxonomy.language.es,words="la", "un"}'],
    ['intent praise (no action needed)', 'reason.intent{intent=taxonomy.intent.praise}'],
    ['near duplicate of rss-abc (distance 3)', 'reason.nearDuplicate{id=rss-abc,distance=3}'],
    ['own label: service', 'reason.ownLabel{label=taxonomy.category.service}'],
    ['corrected by Anna Rossi', 'reason.correctedBy{name=Anna Rossi}'],
    ['"non funziona" before "ma"', 'reason.beforeContrast{cue=non funziona,word=ma}'],
    ['negated "mi trovo ben*"', 'reason.negatedCue{cue=mi trovo ben*}'],
    ['sarcasm: "great" around "another"', 'reason.sarcasmCue{cue=great,word=another}'],
    ['sarcasm: positive sentiment around "ennesimo"', 'reason.sarcasmSentiment{word=ennesimo}'],
    ['positive sentiment (+0.46), not counted: sarcasm around "another"', 'reason.positiveSarcasm{score=+0.46,word=another}'],
    ['positive sentiment (+0.67), not counted: thanks after a problem', 'reason.positivePolite{score=+0.67}'],
    ['"thanks" after a problem: politeness, not praise', 'reason.politeThanks{cue=thanks}'],
    ['disclosed as advertising: "#adv"', 'reason.disclosedAdvertising{cue=#adv}'],
    ['sarcasm: positive wording read as negative (+0.81)', 'reason.sarcasmTone{score=+0.81}'],
    ['thanks after a problem: politeness, not a positive tone (+0.67)', 'reason.politeTone{score=+0.67}'],
    ['star rating 1/5', 'reason.starRating{stars=1}'],
    ['a problem report in plain words: negative towards the brand (the model read neutral)', 'reason.problemReportTone'],
    ['a problem over an area', 'reason.areaProblem'],
    ['a question about an outage', 'reason.outageQuestion'],
    ["excluded by a topic's own rule (NOT)", 'reason.topicExclusion'],
    ['rule: 6 numbers and nobody in it: a machine-made report', 'reason.ruleMachineReport{count=6}'],
    ['rule: followers for sale', 'reason.ruleFollowersForSale'],
    ['a problem, then a question that asks for nothing', 'reason.closingQuestion'],
    ['negative, in care vocabulary', 'reason.negativeCare'],
    ['"would love" as a wish, not praise', 'reason.praiseAsWish{cue=would love}'],
    ['"great" in a 1-star review: not praise', 'reason.lowRatingPraise{cue=great,stars=1}'],
    ['a 2-star review: kept for a person', 'reason.lowRatingKept{stars=2}'],
    ['written to @velamobile, with no clear request: kept for a person', 'reason.addressedKept{handle=@velamobile}'],
    ['written to the brand, with no question, thanks or wish: most often a problem', 'reason.unsaidProblem'],
  ])('%s', (reason, expected) => {
    expect(reasonText(reason, t)).toBe(expected);
  });

  it('writes decimals the reader\'s way, and only decimals', () => {
    expect(reasonText('complaint model p=0.81', t, { decimal: ',' })).toBe('reason.complaintModel{p=0,81}');
    expect(reasonText('rule: 8 hashtags', t, { decimal: ',' })).toBe('reason.ruleHashtags{count=8}');
    expect(reasonText('corrected by J.R. 2.0', t, { decimal: ',' })).toBe('reason.correctedBy{name=J.R. 2.0}');
  });

  it('reads a quoted cue and a word or emoji with its model weight, and leaves an unknown format as written', () => {
    expect(reasonText('"non funziona"', t)).toBe('reason.cue{cue=non funziona}');
    expect(reasonText('"rimborso" +1.2', t, { decimal: ',' })).toBe('reason.modelWord{word=rimborso,weight=+1,2}');
    expect(reasonText('😡 +0.3', t)).toBe('reason.modelSymbol{symbol=😡,weight=+0.3}');
    for (const reason of ['something new', 'word "pessimo"']) {
      expect(reasonKey(reason)).toBeNull();
      expect(reasonText(reason, t)).toBe(reason);
    }
  });

  it('lists every key it can ask for', () => {
    expect(REASON_KEYS).toEqual(expect.arrayContaining(['reason.scoreVs', 'reason.feature.negation', 'reason.lexiconKind.negated', 'reason.correctedBy']));
    expect(new Set(REASON_KEYS).size).toBe(REASON_KEYS.length);
  });
});
