import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideTranslateService } from '@ngx-translate/core';
import { provideTranslateHttpLoader } from '@ngx-translate/http-loader';

import { routes } from './app.routes';
import { provideApiHttp } from './core/http/provide-api-http';
import { LanguageService } from './core/i18n/language.service';
import { TranslatedPaginatorIntl } from './core/i18n/translated-paginator-intl';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    provideApiHttp(),
    provideTranslateService({
      fallbackLang: 'en',
      // useHttpBackend: translation files are static assets, so they skip our API interceptors
      // (a 401 redirect must never fire because a JSON file could not be fetched).
      loader: provideTranslateHttpLoader({ prefix: 'i18n/', suffix: '.json', useHttpBackend: true }),
    }),
    { provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl },
    provideAppInitializer(() => inject(LanguageService).init()),
  ],
};
