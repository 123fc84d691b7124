import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Mention } from '@ascolto/domain';

import { allByTestId, byTestId, typeInto } from '../../../testing/dom';
import { buildMention, buildTicket } from '../../../testing/factories';
import { LanguageService } from '../../core/i18n/language.service';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { MentionDetailComponent } from './mention-detail.component';

describe(MentionDetailComponent.name, () => {
  let fixture: ComponentFixture<MentionDetailComponent>;
  let http: HttpTestingController;

  async function open(mention: Mention, lang: 'en' | 'it' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTestTranslations(lang)],
    });
    if (lang === 'it') TestBed.inject(LanguageService).use('it').subscribe();
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MentionDetailComponent);
    fixture.componentRef.setInput('id', mention.id);
    await fixture.whenStable();
    http.expectOne(`/api/mentions/${encodeURIComponent(mention.id)}`).flush(mention);
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  describe('what the source said about the mention', () => {
    it('shows a review\'s stars, the counts the source reported, an edit and a deletion at the source', async () => {
      await open(
        buildMention({
          id: 'm-src',
          sourceType: 'appstore',
          rating: 2,
          engagement: { replies: 3, likes: 12 },
          editedAt: '2026-11-20T10:00:00.000Z',
          deletedAtSource: '2026-11-21T09:30:00.000Z',
        }),
      );
      const rating = byTestId(fixture, 'mention-rating')!;
      expect(rating.querySelector('dd')!.textContent!.trim()).toBe('★★☆☆☆');
      expect(rating.querySelector('dd')!.getAttribute('aria-label')).toBe('2 stars out of 5');
      expect(byTestId(fixture, 'mention-engagement')!.querySelector('dd')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('3 replies · 12 likes');
      expect(byTestId(fixture, 'mention-edited')!.querySelector('time')!.getAttribute('datetime')).toBe('2026-11-20T10:00:00.000Z');
      expect(byTestId(fixture, 'mention-deleted')!.querySelector('time')!.getAttribute('datetime')).toBe('2026-11-21T09:30:00.000Z');
    });

    it('says when the source delivered the post as written to the brand', async () => {
      await open(buildMention({ id: 'm-dm', sourceType: 'webhook', brandChannel: 'direct_message' }));
      expect(byTestId(fixture, 'mention-channel')!.textContent!.trim()).toBe('Private message');
    });

    it('shows none of them when the source reported none', async () => {
      await open(buildMention({ id: 'm-plain' }));
      for (const id of ['mention-rating', 'mention-engagement', 'mention-edited', 'mention-deleted', 'mention-channel']) expect(byTestId(fixture, id)).toBeNull();
    });
  });

  describe('convert to ticket', () => {
    it('posts the mention id and the typed subject, then shows the ticket number', async () => {
      await open(buildMention({ id: 'rss:feed:7' }));
      typeInto(byTestId<HTMLInputElement>(fixture, 'ticket-subject-input')!, '  Rimborso in ritardo  ');

      byTestId<HTMLButtonElement>(fixture, 'convert-to-ticket')!.click();
      const request = http.expectOne('/api/tickets');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({ mentionIds: ['rss:feed:7'], subject: 'Rimborso in ritardo' });
      request.flush(buildTicket({ id: 't-9', number: 42, mentionIds: ['rss:feed:7'] }));
      await fixture.whenStable();

      const created = byTestId<HTMLAnchorElement>(fixture, 'ticket-created')!;
      expect(created.textContent?.trim()).toBe('#42');
      expect(created.getAttribute('href')).toBe('/tickets');
      expect(byTestId(fixture, 'convert-to-ticket')).toBeNull();
    });

    it('leaves the subject out when none was typed, so the API picks one', async () => {
      await open(buildMention({ id: 'm-1' }));

      byTestId<HTMLButtonElement>(fixture, 'convert-to-ticket')!.click();
      const request = http.expectOne('/api/tickets');
      expect(request.request.body).toEqual({ mentionIds: ['m-1'] });
      request.flush(buildTicket());
    });

    it('shows an error and keeps the button when creation fails', async () => {
      await open(buildMention({ id: 'm-1' }));

      byTestId<HTMLButtonElement>(fixture, 'convert-to-ticket')!.click();
      http.expectOne('/api/tickets').flush({ message: 'boom' }, { status: 500, statusText: 'Server Error' });
      await fixture.whenStable();

      expect(byTestId(fixture, 'mention-action-error')?.textContent?.trim()).toBe('The ticket could not be created. Try again.');
      expect(byTestId(fixture, 'convert-to-ticket')).not.toBeNull();
      expect(byTestId(fixture, 'ticket-created')).toBeNull();
    });

    it('offers no button when the mention already belongs to a ticket', async () => {
      await open(buildMention({ ticketId: 'ticket-3' }));
      http.expectOne('/api/tickets/ticket-3').flush(buildTicket({ id: 'ticket-3', number: 3 }));
      await fixture.whenStable();

      expect(byTestId(fixture, 'convert-to-ticket')).toBeNull();
      expect(byTestId(fixture, 'mention-ticket')?.textContent).toContain('already part of a ticket');
      expect(byTestId(fixture, 'mention-ticket-number')?.textContent).toContain('#3');
    });

    it('still says the mention is ticketed when its ticket cannot be read', async () => {
      await open(buildMention({ ticketId: 'ticket-9' }));
      http.expectOne('/api/tickets/ticket-9').flush('gone', { status: 404, statusText: 'Not Found' });
      await fixture.whenStable();

      expect(byTestId(fixture, 'mention-ticket')?.textContent).toContain('already part of a ticket');
      expect(byTestId(fixture, 'mention-ticket-number')).toBeNull();
    });
  });

  it('changes the status with PATCH and shows the new one as current', async () => {
    await open(buildMention({ id: 'm-1', status: 'new' }));
    expect(byTestId(fixture, 'status-new')?.getAttribute('aria-pressed')).toBe('true');

    byTestId<HTMLButtonElement>(fixture, 'status-done')!.click();
    const request = http.expectOne('/api/mentions/m-1/status');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ status: 'done' });
    request.flush(buildMention({ id: 'm-1', status: 'done' }));
    await fixture.whenStable();

    expect(byTestId(fixture, 'status-done')?.getAttribute('aria-pressed')).toBe('true');
    expect(byTestId(fixture, 'status-new')?.getAttribute('aria-pressed')).toBe('false');
    expect(allByTestId(fixture, 'mention-detail')).toHaveLength(1);
  });

  it('links only http(s) originals, opened without opener or referrer', async () => {
    await open(buildMention({ url: 'https://forum.example.it/t/42' }));
    const link = byTestId<HTMLAnchorElement>(fixture, 'mention-link')!;
    expect(link.getAttribute('href')).toBe('https://forum.example.it/t/42');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');

    TestBed.resetTestingModule();
    await open(buildMention({ url: 'javascript:alert(1)', author: { name: 'x', handle: null, url: 'javascript:alert(2)' } }));
    expect(byTestId(fixture, 'mention-link')).toBeNull();
    expect((fixture.nativeElement as HTMLElement).querySelector('a[href^="javascript"]')).toBeNull();
    expect(fixture.nativeElement.textContent).toContain('javascript:alert(1)');
  });

  it('shows hostile text and reasons as literal text, with each label and its confidence', async () => {
    await open(
      buildMention({
        title: '<h1>titolo</h1>',
        text: '<script>alert(1)</script> aiuto',
        explanations: {
          language: { label: 'it', confidence: 0.99, reasons: [] },
          sentiment: { label: 'negative', confidence: 0.87, reasons: ['word "<i>pessimo</i>"'] },
          category: { label: 'service', confidence: 0.5, reasons: [] },
          intent: { label: 'complaint', confidence: 0.6, reasons: [] },
        },
      }),
    );
    const root = fixture.nativeElement as HTMLElement;

    expect(byTestId(fixture, 'mention-text')?.textContent).toBe('<script>alert(1)</script> aiuto');
    expect(root.querySelector('script, h1, i')).toBeNull();
    expect(root.textContent).toContain('<h1>titolo</h1>');
    expect(root.textContent).toContain('word "<i>pessimo</i>"');
    expect(root.textContent).toContain('87% confident');
  });

  it('lists the reasons in the reader\'s language', async () => {
    await open(
      buildMention({
        explanations: {
          language: { label: 'it', confidence: 0.99, reasons: ['character n-grams favour Italian (p=0.97)', 'Italian function words: "di", "che"'] },
          sentiment: { label: 'negative', confidence: 0.87, reasons: ['lexicon word "<i>pessimo</i>" -3'] },
          category: { label: 'service', confidence: 0.7, reasons: ['intent complaint', '"fattur*"'] },
          intent: { label: 'complaint', confidence: 0.6, reasons: ['complaint score 4.5 vs 2', '"non funziona"', 'negative sentiment (-0.736)'] },
        },
      }),
      'it',
    );
    const root = fixture.nativeElement as HTMLElement;
    const reasons = [...root.querySelectorAll('.explanations .reasons li')].map((li) => li.textContent?.trim());
    expect(reasons).toEqual(
      expect.arrayContaining([
        'le sequenze di lettere indicano: Italiano (p=0,97)',
        'parole grammaticali (Italiano): "di", "che"',
        'lessico: parola «<i>pessimo</i>» -3',
        'intento «Reclamo»',
        '«fattur*»',
        '«Reclamo»: punteggio 4,5 contro 2',
        '«non funziona»',
        'sentimento «Negativo» (-0,736)',
      ]),
    );
    // Mention words inside a translated reason stay text.
    expect(root.querySelector('.explanations i')).toBeNull();
  });

  describe('why this priority', () => {
    // A day-old complaint, two urgency words, an author with 10,000 followers.
    const factors = { urgencyWords: 2, reach: 10, age: 0.5 };

    it('shows the priority in parts: each addend with its points, the age and the total', async () => {
      await open(buildMention({ sentiment: 'negative', sentimentScore: -0.8, intent: 'complaint', category: 'service', priority: 42, priorityFactors: factors }));
      const why = byTestId(fixture, 'priority-why')!;
      // (10 + 25 + 10 + 16 + 12 + 10) × 0.5 = 41.5
      expect(why.textContent).toContain('42');
      const part = (kind: string) => byTestId(fixture, `priority-part-${kind}`)?.textContent?.trim();
      expect(part('base')).toBe('Base +10');
      expect(part('intent')).toBe('Intent “Complaint” +25');
      expect(part('category')).toBe('Category “Service” +10');
      expect(part('negativity')).toBe('Negative sentiment +16');
      expect(part('urgency')).toBe('2 urgency words +12');
      expect(part('reach')).toBe("Author's audience +10");
      expect(byTestId(fixture, 'priority-age')?.textContent?.trim()).toBe('Age when collected ×0.5');
      expect(byTestId(fixture, 'priority-flush-capped')).toBeNull();
      // One bar segment per part, each as wide as its aged points on the 0–100 scale.
      const widths = Array.from(why.querySelectorAll<HTMLElement>('.priority-bar .part')).map((el) => el.style.width);
      expect(widths).toEqual(['5%', '12.5%', '5%', '8%', '6%', '5%']);
    });

    it('leaves out what adds nothing, and says when a flush caps the priority', async () => {
      await open(buildMention({ sentiment: 'positive', sentimentScore: 0.9, intent: 'praise', category: 'flush', flushReason: 'spam', priority: 5, priorityFactors: { urgencyWords: 1, reach: 0, age: 1 } }));
      expect(byTestId(fixture, 'priority-part-intent')).toBeNull();
      expect(byTestId(fixture, 'priority-part-negativity')).toBeNull();
      expect(byTestId(fixture, 'priority-part-urgency')?.textContent?.trim()).toBe('1 urgency word +6');
      expect(byTestId(fixture, 'priority-flush-capped')?.textContent?.trim()).toBe('Flushed: at most 5');
      // The bar shows the capped priority, not the parts it was cut from.
      const widths = Array.from(byTestId(fixture, 'priority-why')!.querySelectorAll<HTMLElement>('.priority-bar .part')).map((el) => el.style.width);
      expect(widths).toEqual(['5%']);
    });

    it('leaves out a part worth less than half a point (a small audience) instead of saying "+0"', async () => {
      await open(buildMention({ priorityFactors: { urgencyWords: 0, reach: 0.3, age: 1 } }));
      expect(byTestId(fixture, 'priority-part-reach')).toBeNull();
      expect(byTestId(fixture, 'priority-part-base')).not.toBeNull();
    });

    it('follows a correction: the answer carries the new labels, and the parts are computed from them', async () => {
      const mention = buildMention({ id: 'm-p', sentiment: 'neutral', sentimentScore: 0, intent: 'question', priority: 41, priorityFactors: { urgencyWords: 1, reach: 0, age: 1 } });
      await open(mention);
      expect(byTestId(fixture, 'priority-part-negativity')).toBeNull();
      const select = byTestId<HTMLSelectElement>(fixture, 'correct-sentiment')!;
      select.value = 'negative';
      select.dispatchEvent(new Event('change'));
      http.expectOne('/api/mentions/m-p/labels').flush({ ...mention, sentiment: 'negative', sentimentScore: -1, priority: 61, correctedLabels: ['sentiment'] });
      await fixture.whenStable();
      expect(byTestId(fixture, 'priority-part-negativity')?.textContent?.trim()).toBe('Negative sentiment +20');
      expect(byTestId(fixture, 'priority-why')!.textContent).toContain('61');
    });

    it('shows no breakdown for a mention stored without factors', async () => {
      await open(buildMention({ priorityFactors: undefined }));
      expect(byTestId(fixture, 'priority-why')).toBeNull();
    });
  });

  describe('near duplicates', () => {
    it('says how many copies are grouped under a head, and keeps the count after a status change', async () => {
      await open({ ...buildMention({ id: 'head-1' }), similarCount: 29 } as Mention);
      expect(byTestId(fixture, 'mention-similar')?.textContent).toContain('29 copies grouped under this mention');
      expect(byTestId(fixture, 'mention-duplicate-of')).toBeNull();

      byTestId<HTMLButtonElement>(fixture, 'status-done')!.click();
      http.expectOne('/api/mentions/head-1/status').flush(buildMention({ id: 'head-1', status: 'done' }));
      await fixture.whenStable();
      expect(byTestId(fixture, 'mention-similar')?.textContent).toContain('29 copies');
    });

    it('links a copy to the first mention of its group', async () => {
      await open({ ...buildMention({ id: 'copy-1', duplicateOf: 'head-1', category: 'flush', flushReason: 'duplicate' }), similarCount: 0 } as Mention);
      expect(byTestId(fixture, 'mention-similar')).toBeNull();
      const link = byTestId(fixture, 'mention-duplicate-of')!.querySelector('a')!;
      expect(link.getAttribute('href')).toBe('/inbox/head-1');
    });
  });

  describe('correct labels', () => {
    const pick = (select: HTMLSelectElement, value: string) => {
      select.value = value;
      select.dispatchEvent(new Event('change'));
    };
    const corrected = (m: Mention, labels: Partial<Mention>, names: Mention['correctedLabels']): Mention => ({
      ...m,
      ...labels,
      correctedLabels: names,
      explanations: { ...m.explanations, sentiment: { label: String(labels.sentiment ?? m.sentiment), confidence: 1, reasons: ['corrected by Anna'] } },
    });

    it('sends the picked sentiment and then shows it as corrected by you', async () => {
      const mention = buildMention({ id: 'm-1', sentiment: 'positive' });
      await open(mention);
      expect(byTestId(fixture, 'corrected-sentiment')).toBeNull();
      const select = byTestId<HTMLSelectElement>(fixture, 'correct-sentiment')!;
      expect(select.value).toBe('positive');

      pick(select, 'negative');
      const request = http.expectOne('/api/mentions/m-1/labels');
      expect(request.request.method).toBe('PATCH');
      expect(request.request.body).toEqual({ sentiment: 'negative' });
      request.flush(corrected(mention, { sentiment: 'negative' }, ['sentiment']));
      await fixture.whenStable();

      expect(byTestId(fixture, 'corrected-sentiment')?.textContent?.trim()).toBe('corrected by you');
      expect(byTestId<HTMLSelectElement>(fixture, 'correct-sentiment')!.value).toBe('negative');
      expect((fixture.nativeElement as HTMLElement).textContent).toContain('corrected by Anna');
    });

    it("marks a label someone else corrected, without calling it the user's", async () => {
      await open(corrected(buildMention({ id: 'm-2' }), { intent: 'complaint' }, ['intent']));
      expect(byTestId(fixture, 'corrected-intent')?.textContent?.trim()).toBe('corrected by a person');
      expect(byTestId(fixture, 'corrected-sentiment')).toBeNull();
    });

    it('asks for a reason before sending category flush, then sends both', async () => {
      const mention = buildMention({ id: 'm-3', category: 'service', flushReason: null });
      await open(mention);
      expect(byTestId(fixture, 'correct-flushReason')).toBeNull();

      pick(byTestId<HTMLSelectElement>(fixture, 'correct-category')!, 'flush');
      await fixture.whenStable();
      http.expectNone('/api/mentions/m-3/labels');
      pick(byTestId<HTMLSelectElement>(fixture, 'correct-flushReason')!, 'spam');
      const request = http.expectOne('/api/mentions/m-3/labels');
      expect(request.request.body).toEqual({ category: 'flush', flushReason: 'spam' });
      request.flush({ ...mention, category: 'flush', flushReason: 'spam', correctedLabels: ['category', 'flushReason'] });
      await fixture.whenStable();
      expect(byTestId(fixture, 'corrected-category')?.textContent?.trim()).toBe('corrected by you');
      expect(byTestId(fixture, 'corrected-flushReason')?.textContent?.trim()).toBe('corrected by you');
    });

    it('going back to the stored category while a flush reason is pending sends nothing', async () => {
      await open(buildMention({ id: 'm-6', category: 'service', flushReason: null }));
      pick(byTestId<HTMLSelectElement>(fixture, 'correct-category')!, 'flush');
      await fixture.whenStable();
      expect(byTestId(fixture, 'correct-flushReason')).not.toBeNull();
      pick(byTestId<HTMLSelectElement>(fixture, 'correct-category')!, 'service');
      await fixture.whenStable();
      http.expectNone('/api/mentions/m-6/labels');
      expect(byTestId(fixture, 'correct-flushReason')).toBeNull();
    });

    it('says so and puts the select back when the correction fails', async () => {
      await open(buildMention({ id: 'm-4', intent: 'question' }));
      pick(byTestId<HTMLSelectElement>(fixture, 'correct-intent')!, 'complaint');
      http.expectOne('/api/mentions/m-4/labels').flush({ message: 'boom' }, { status: 500, statusText: 'Server Error' });
      await fixture.whenStable();
      expect(byTestId(fixture, 'mention-action-error')?.textContent?.trim()).toBe('The label could not be changed. Try again.');
      expect(byTestId<HTMLSelectElement>(fixture, 'correct-intent')!.value).toBe('question');
      expect(byTestId(fixture, 'corrected-intent')).toBeNull();
    });

    it('offers no correction of the language', async () => {
      await open(buildMention({ id: 'm-5' }));
      expect(byTestId(fixture, 'correct-language')).toBeNull();
    });
  });
});
