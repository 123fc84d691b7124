import { TestBed } from '@angular/core/testing';
import { TranslateService } from '@ngx-translate/core';

import { provideTestTranslations } from '../../../testing/translate-testing';
import { LANGUAGE_STORAGE_KEY, LanguageService, preferredBrowserLocale } from './language.service';

describe(LanguageService.name, () => {
  let languages: jest.SpyInstance;

  beforeEach(() => {
    localStorage.clear();
    languages = jest.spyOn(window.navigator, 'languages', 'get');
    TestBed.configureTestingModule({ providers: [provideTestTranslations('en')] });
  });

  afterEach(() => languages.mockRestore());

  function init(): string {
    let chosen = '';
    TestBed.inject(LanguageService)
      .init()
      .subscribe((lang) => (chosen = lang));
    return chosen;
  }

  it('starts in Italian when the browser prefers Italian', () => {
    languages.mockReturnValue(['it-IT', 'en-US']);

    expect(init()).toBe('it');
    expect(TestBed.inject(TranslateService).getCurrentLang()).toBe('it');
    expect(TestBed.inject(TranslateService).instant('nav.logout')).toBe('Esci');
  });

  it('starts in English for any other browser language', () => {
    languages.mockReturnValue(['de-DE', 'fr-FR']);

    expect(init()).toBe('en');
  });

  it('prefers the stored choice over the browser', () => {
    languages.mockReturnValue(['it-IT']);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');

    expect(init()).toBe('en');
  });

  it('ignores a stored value that is not a supported language', () => {
    languages.mockReturnValue(['it']);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, '<script>');

    expect(init()).toBe('it');
  });
});

describe(preferredBrowserLocale.name, () => {
  it('takes the first supported language in the browser order', () => {
    expect(preferredBrowserLocale(['de-CH', 'it-CH', 'en'])).toBe('it');
    expect(preferredBrowserLocale(['en-GB', 'it'])).toBe('en');
    expect(preferredBrowserLocale(['IT'])).toBe('it');
    expect(preferredBrowserLocale([])).toBe('en');
  });
});
