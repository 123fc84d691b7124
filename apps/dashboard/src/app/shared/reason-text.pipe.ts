import { Pipe, type PipeTransform, inject } from '@angular/core';
import { TranslateService } from '@ngx-translate/core';
import { reasonText } from '@ascolto/domain';

/**
 * A label's reason in the UI language: `{{ reason | reasonText: lang() }}`. The language is an
 * argument so that the pure pipe runs again when the user switches it.
 */
@Pipe({ name: 'reasonText' })
export class ReasonTextPipe implements PipeTransform {
  private readonly translate = inject(TranslateService);

  transform(reason: string, lang: string): string {
    return reasonText(reason, (key, params) => this.translate.instant(key, params), { decimal: lang === 'it' ? ',' : '.' });
  }
}
