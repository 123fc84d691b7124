import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { LabelExplanation } from '@ascolto/domain';

import { provideTestTranslations } from '../../testing/translate-testing';
import { LanguageService } from '../core/i18n/language.service';
import { LabelChipComponent } from './label-chip.component';

@Component({
  imports: [LabelChipComponent],
  template: `<asc-label-chip kind="sentiment" [value]="value()" [explanation]="explanation()" />`,
})
class HostComponent {
  readonly value = signal('negative');
  readonly explanation = signal<LabelExplanation | null>(null);
}

describe(LabelChipComponent.name, () => {
  async function render(explanation: LabelExplanation | null, lang: 'it' | 'en' = 'en') {
    TestBed.configureTestingModule({ providers: [provideTestTranslations(lang)] });
    if (lang === 'it') TestBed.inject(LanguageService).use('it').subscribe();
    const fixture = TestBed.createComponent(HostComponent);
    fixture.componentInstance.explanation.set(explanation);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture.nativeElement.querySelector('[data-testid="label-chip"]') as HTMLElement;
  }

  it('shows a human label only, for labels a person set', async () => {
    const chip = await render(null);
    expect(chip.textContent?.trim()).toBe('Negative');
    expect(chip.getAttribute('aria-label')).toBeNull();
  });

  it('shows the confidence and reads out the reasons as text', async () => {
    const chip = await render({ label: 'negative', confidence: 0.87, reasons: ['model sentiment-en: negative p=0.87', '"<b>cancelled</b>" +1.4'] });
    expect(chip.textContent?.replace(/\s+/g, ' ').trim()).toBe('Negative87%');
    expect(chip.classList).not.toContain('chip--unsure');
    expect(chip.getAttribute('aria-label')).toBe('Negative, 87% confident: model sentiment-en: Negative p=0.87 · “<b>cancelled</b>” +1.4');
    // Reasons come from mention text: never markup.
    expect(chip.querySelector('b')).toBeNull();
  });

  it('reads the reasons in Italian to an Italian reader, numbers included', async () => {
    const chip = await render(
      { label: 'negative', confidence: 0.87, reasons: ['model sentiment-it: negative p=0.87', 'lexicon negated "dannato" +3', '"rimborso" +1.2', 'addressed to a support account +0.9'] },
      'it',
    );
    expect(chip.getAttribute('aria-label')).toBe(
      'Negativo, Affidabilità 87%: modello sentiment-it: «Negativo» p=0,87 · lessico: negata «dannato» +3 · «rimborso» +1,2 · rivolto a un account di assistenza +0,9',
    );
  });

  it('marks a low-confidence label as a guess', async () => {
    const chip = await render({ label: 'negative', confidence: 0.31, reasons: [] }, 'it');
    expect(chip.classList).toContain('chip--unsure');
    expect(chip.textContent).toContain('?');
    expect(chip.getAttribute('aria-label')).toBe('Negativo, Affidabilità 31%');
  });
});
