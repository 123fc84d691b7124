import { type Provider } from '@angular/core';
import { type TranslateLoader, type TranslationObject, provideTranslateLoader, provideTranslateService } from '@ngx-translate/core';
import { type Observable, of } from 'rxjs';

import en from '../../public/i18n/en.json';
import it from '../../public/i18n/it.json';

export const TRANSLATIONS: Readonly<Record<'it' | 'en', TranslationObject>> = { it, en };

/** Serves the real translation files synchronously, so tests see the strings users see. */
class StaticTranslateLoader implements TranslateLoader {
  getTranslation(lang: string): Observable<TranslationObject> {
    return of(lang === 'it' ? TRANSLATIONS.it : TRANSLATIONS.en);
  }
}

export function provideTestTranslations(lang: 'it' | 'en' = 'en'): Provider[] {
  return [provideTranslateService({ lang, fallbackLang: 'en', loader: provideTranslateLoader(StaticTranslateLoader) })];
}
