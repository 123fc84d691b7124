import { scoreSentiment } from './score-sentiment';

describe('scoreSentiment', () => {
  it('scores Italian complaints as negative and names the words', () => {
    const result = scoreSentiment('Servizio pessimo, una vergogna', 'it');
    expect(result.sentiment).toBe('negative');
    expect(result.score).toBeLessThan(-0.5);
    expect(result.reasons).toEqual(expect.arrayContaining([expect.stringContaining('"pessimo"'), expect.stringContaining('vergogna"')]));
  });

  it('scores Italian praise as positive', () => {
    const result = scoreSentiment('Grazie, tecnico gentilissimo e velocissimo', 'it');
    expect(result.sentiment).toBe('positive');
    expect(result.score).toBeGreaterThan(0.5);
  });

  it('scores English with AFINN', () => {
    expect(scoreSentiment('Worst customer service ever, totally useless', 'en').sentiment).toBe('negative');
    expect(scoreSentiment('Great coverage and amazing support, thank you', 'en').sentiment).toBe('positive');
  });

  it('reads "it does not work" phrases as negative', () => {
    expect(scoreSentiment('La fibra non funziona', 'it').sentiment).toBe('negative');
    expect(scoreSentiment('The app is not working', 'en').sentiment).toBe('negative');
    expect(scoreSentiment('La fibra non funziona', 'it').reasons[0]).toContain('phrase "non funziona"');
  });

  it('handles negation', () => {
    const notGood = scoreSentiment('The support was not good', 'en');
    expect(notGood.sentiment).toBe('negative');
    expect(notGood.reasons[0]).toContain('negated "good"');
    expect(scoreSentiment('Non è male la nuova offerta', 'it').sentiment).toBe('positive');
    expect(scoreSentiment("I don't hate it", 'en').score).toBeGreaterThan(0);
  });

  it('reads praise said through a negation as praise, not as negated praise', () => {
    for (const [text, language] of [
      ['Mai stato così soddisfatto di un operatore', 'it'],
      ['Nulla da ridire, tecnico puntuale', 'it'],
      ["Couldn't be happier with the switch", 'en'],
      ['Never been better, the new router is a beast', 'en'],
    ] as const) {
      expect(scoreSentiment(text, language).score).toBeGreaterThan(0);
    }
    // The plain negation still negates.
    expect(scoreSentiment('Non sono soddisfatto', 'it').score).toBeLessThan(0);
  });

  it('does not carry negation across sentences', () => {
    const result = scoreSentiment('Nessuno mi risponde. Vergogna', 'it');
    expect(result.reasons.join(' ')).not.toContain('negated "vergogna"');
    expect(result.sentiment).toBe('negative');
  });

  it('intensifiers strengthen the next word', () => {
    const plain = scoreSentiment('servizio lento', 'it').score;
    const strong = scoreSentiment('servizio molto lento', 'it').score;
    expect(strong).toBeLessThan(plain);
  });

  it('weighs what follows "ma" / "but" more than what comes before it', () => {
    // Equal and opposite words: the half after the conjunction decides, whichever way it goes.
    expect(scoreSentiment('Bella app ma pessima assistenza', 'it').sentiment).toBe('negative');
    expect(scoreSentiment('Pessima attesa ma ottima app', 'it').sentiment).toBe('positive');
    expect(scoreSentiment('Great staff but terrible food', 'en').reasons).toContain('contrast "but": before ×0.5, after ×1.5');
    expect(scoreSentiment('Great staff but terrible food', 'en').sentiment).toBe('negative');
    // Not as the first word: "Ma" opening a post is not a contrast.
    expect(scoreSentiment('Ma che bella sorpresa', 'it').sentiment).toBe('positive');
  });

  it('counts emoji and emoticons', () => {
    expect(scoreSentiment('😡😡', 'other').sentiment).toBe('negative');
    expect(scoreSentiment('Finalmente! 😍', 'it').sentiment).toBe('positive');
    expect(scoreSentiment('ok :(', 'en').sentiment).toBe('negative');
    expect(scoreSentiment('<3', 'en').reasons[0]).toBe('emoji <3 +3');
  });

  it('uses both lexicons for an unknown language, with lower confidence', () => {
    const it = scoreSentiment('Pessimo servizio', 'it');
    const other = scoreSentiment('Pessimo servizio', 'other');
    expect(other.sentiment).toBe('negative');
    expect(other.confidence).toBeLessThan(it.confidence);
  });

  it('treats care words that are requests, not feelings, as neutral', () => {
    expect(scoreSentiment('Please help, how do I top up?', 'en').sentiment).toBe('neutral');
    expect(scoreSentiment('Come posso pagare la bolletta?', 'it').sentiment).toBe('neutral');
  });

  it('is neutral with low confidence on empty or tiny input', () => {
    for (const text of ['', '  ', 'ok', '#VelaMobile']) {
      const result = scoreSentiment(text, 'other');
      expect(result).toMatchObject({ sentiment: 'neutral', score: 0 });
      expect(result.confidence).toBeLessThanOrEqual(0.5);
    }
  });

  it('keeps the score in [-1, 1] however many words pile up', () => {
    const angry = scoreSentiment('schifo '.repeat(2_000), 'it');
    const happy = scoreSentiment('fantastico '.repeat(2_000), 'it');
    expect(angry.score).toBeGreaterThanOrEqual(-1);
    expect(happy.score).toBeLessThanOrEqual(1);
    expect(angry.reasons.length).toBeLessThanOrEqual(8);
  });
});
