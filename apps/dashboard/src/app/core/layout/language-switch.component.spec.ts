import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { TranslatePipe } from '@ngx-translate/core';

import { byTestId } from '../../../testing/dom';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { LANGUAGE_STORAGE_KEY, LanguageService } from '../i18n/language.service';
import { LanguageSwitchComponent } from './language-switch.component';

@Component({
  imports: [LanguageSwitchComponent, TranslatePipe],
  template: `<asc-language-switch />
    <span data-testid="label">{{ 'nav.tickets' | translate }}</span>
    <span data-testid="status">{{ 'taxonomy.status.in_progress' | translate }}</span>`,
})
class HostComponent {}

describe(LanguageSwitchComponent.name, () => {
  let fixture: ComponentFixture<HostComponent>;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideTestTranslations('en')] });
    TestBed.inject(LanguageService).use('it').subscribe();
    fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
  });

  it('switches every label between Italian and English and remembers the choice', async () => {
    expect(byTestId(fixture, 'label')?.textContent).toBe('Ticket');
    expect(byTestId(fixture, 'status')?.textContent).toBe('In lavorazione');
    expect(byTestId(fixture, 'lang-switch')?.textContent?.trim()).toBe('EN');

    byTestId<HTMLButtonElement>(fixture, 'lang-switch')!.click();
    await fixture.whenStable();

    expect(byTestId(fixture, 'label')?.textContent).toBe('Tickets');
    expect(byTestId(fixture, 'status')?.textContent).toBe('In progress');
    expect(byTestId(fixture, 'lang-switch')?.textContent?.trim()).toBe('IT');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');

    byTestId<HTMLButtonElement>(fixture, 'lang-switch')!.click();
    await fixture.whenStable();

    expect(byTestId(fixture, 'label')?.textContent).toBe('Ticket');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('it');
  });
});
