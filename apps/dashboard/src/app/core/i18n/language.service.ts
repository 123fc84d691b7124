import { DOCUMENT, Injectable, inject, signal } from '@angular/core';
import { TranslateService } from '@ngx-translate/core';
import { UI_LOCALES, type UiLocale } from '@ascolto/domain';
import { type Observable, map } from 'rxjs';

export const LANGUAGE_STORAGE_KEY = 'ascolto.lang';

function isUiLocale(value: unknown): value is UiLocale {
  return typeof value === 'string' && (UI_LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the first browser language we support, so a user whose first choice is German but who
 * also reads Italian gets Italian; English is the fallback for everyone else.
 */
export function preferredBrowserLocale(languages: readonly string[]): UiLocale {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isUiLocale(primary)) {
      return primary;
    }
  }
  return 'en';
}

/** The UI language: one signal, persisted in localStorage, mirrored on <html lang>. */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly translate = inject(TranslateService);
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<UiLocale>('en');

  readonly lang = this.current.asReadonly();

  /** Resolves once the starting language's translations are loaded, so the first paint is translated. */
  init(): Observable<UiLocale> {
    return this.use(this.initialLocale());
  }

  use(locale: UiLocale): Observable<UiLocale> {
    this.current.set(locale);
    this.document.documentElement.lang = locale;
    this.store(locale);
    return this.translate.use(locale).pipe(map(() => locale));
  }

  toggle(): Observable<UiLocale> {
    return this.use(this.current() === 'it' ? 'en' : 'it');
  }

  private initialLocale(): UiLocale {
    const stored = this.read();
    if (stored) {
      return stored;
    }
    const nav = this.document.defaultView?.navigator;
    const languages = nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : [];
    return preferredBrowserLocale(languages);
  }

  // Storage can throw (privacy modes, disabled cookies); the language then just is not remembered.
  private read(): UiLocale | null {
    try {
      const value = this.document.defaultView?.localStorage.getItem(LANGUAGE_STORAGE_KEY);
      return isUiLocale(value) ? value : null;
    } catch {
      return null;
    }
  }

  private store(locale: UiLocale): void {
    try {
      this.document.defaultView?.localStorage.setItem(LANGUAGE_STORAGE_KEY, locale);
    } catch {
      /* see read() */
    }
  }
}
