import fc from 'fast-check';
import { computePriority } from '../priority/compute-priority';
import { classifyMention } from '../classify/classify-mention';
import { collapseDurations } from './durations';
import { tokenize } from './tokenize';

const collapse = (text: string) => collapseDurations(tokenize(text).words).join(' ');

describe('collapseDurations', () => {
  it('turns a counted Italian duration into the uncounted form the rules list', () => {
    expect(collapse('senza linea da 3 giorni')).toBe('senza linea da giorni');
    expect(collapse('bloccato da tre settimane')).toBe('bloccato da settimane');
    expect(collapse("aspetto da un'ora")).toBe('aspetto da ore');
    expect(collapse('da più di due mesi')).toBe('da mesi');
    expect(collapse('da più giorni nessuno risponde')).toBe('da giorni nessuno risponde');
    expect(collapse('fibra ko da 48h')).toBe('fibra ko da ore');
    expect(collapse('fermo da 3gg')).toBe('fermo da giorni');
    expect(collapse('aspetto da 40 minuti alla fermata')).toBe('aspetto da minuti alla fermata');
  });

  it('reads "sono/è … che" as a duration only when "che" follows', () => {
    expect(collapse('sono tre giorni che la fibra non va')).toBe('da giorni che la fibra non va');
    expect(collapse('è una settimana che aspetto')).toBe('da settimane che aspetto');
    // "sono due giorni a Roma" (I am two days in Rome) is not a wait.
    expect(collapse('sono due giorni a roma')).toBe('sono due giorni a roma');
  });

  it('does the same in English', () => {
    expect(collapse('no internet for 3 days')).toBe('no internet for days');
    expect(collapse('on hold for over two hours')).toBe('on hold for hours');
    expect(collapse('down for the last 2 weeks')).toBe('down for weeks');
    expect(collapse('for a couple of months')).toBe('for months');
    expect(collapse("it's been a week")).toBe("it's for weeks");
    expect(collapse('on hold for 30 minutes again')).toBe('on hold for minutes again');
  });

  it('needs a count and a lead of its own language', () => {
    // Uncounted forms are already what the rules list; "da ora" is "from now".
    expect(collapse('da giorni')).toBe('da giorni');
    expect(collapse('da ora in poi')).toBe('da ora in poi');
    // An offer valid for three days is not a wait; nor a count with no lead.
    expect(collapse('offerta valida per 3 giorni')).toBe('offerta valida per 3 giorni');
    expect(collapse('3 giorni fa')).toBe('3 giorni fa');
    // Mixed languages do not pair.
    expect(collapse('da 3 days')).toBe('da 3 days');
    expect(collapse('for 3 giorni')).toBe('for 3 giorni');
  });

  it('rewrites every duration of a post and keeps the words between them', () => {
    expect(collapse('da 2 giorni senza linea e da 3 ore al telefono')).toBe('da giorni senza linea e da ore al telefono');
  });

  it('returns the same array, unallocated, when there is nothing to rewrite', () => {
    const words = tokenize('la fibra non funziona da ieri').words;
    expect(collapseDurations(words)).toBe(words);
  });

  it('never throws, never grows the post, and is stable', () => {
    const vocabulary = ['da', 'for', 'sono', 'è', 'che', 'been', '3', 'tre', 'a', 'più', 'di', 'over', 'giorni', 'ora', 'days', 'hour', '48h', 'x', ''];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...vocabulary), fc.string()), { maxLength: 40 }), (words) => {
        const once = collapseDurations(words);
        expect(once.length).toBeLessThanOrEqual(words.length);
        expect(collapseDurations(once)).toEqual(once);
      }),
    );
  });
});

describe('a counted duration weighs what the listed one does', () => {
  const now = new Date('2026-03-05T12:00:00Z');
  const priority = (text: string) => computePriority({ sentiment: 'negative', sentimentScore: -0.8, intent: 'complaint', category: 'service', text, publishedAt: now, now });

  it('in the priority (urgency words)', () => {
    expect(priority('Senza internet da 3 giorni')).toBe(priority('Senza internet da giorni'));
    expect(priority('Senza internet da 3 giorni')).toBeGreaterThan(priority('Senza internet'));
    expect(priority('No internet for two weeks')).toBe(priority('No internet for weeks'));
  });

  const neutral = { sentiment: 'neutral' as const, score: 0 };

  it('in the complaint rules, with the rule named in the reasons', () => {
    const result = classifyMention('Sono tre giorni che aspetto un tecnico', 'it', neutral);
    expect(result.intent).toBe('complaint');
    expect(result.explanations.intent.reasons).toContain('"da giorni"');
  });

  it('only where the post has a problem: an offer that lasts three months is not a wait', () => {
    for (const offer of ['Free streaming for 3 months with our new plan', 'Available for two weeks only, grab the new phone today', 'Da 3 giorni in edicola il nuovo numero']) {
      const result = classifyMention(offer, offer.startsWith('Da') ? 'it' : 'en', neutral);
      expect(result.intent).not.toBe('complaint');
      expect(result.category).not.toBe('service');
    }
    // The same duration with a problem in the post is a complaint cue.
    const waiting = classifyMention('Streaming not working for 3 days', 'en', neutral);
    expect(waiting.intent).toBe('complaint');
    expect(waiting.explanations.intent.reasons).toContain('"for days"');
  });
});
