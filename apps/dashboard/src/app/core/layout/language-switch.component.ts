import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslatePipe } from '@ngx-translate/core';

import { LanguageService } from '../i18n/language.service';

/** One button: shows the language you would switch to, in that language's own code. */
@Component({
  selector: 'asc-language-switch',
  imports: [MatButtonModule, TranslatePipe],
  template: `
    <button
      matButton
      type="button"
      class="switch"
      data-testid="lang-switch"
      [attr.lang]="target()"
      [attr.aria-label]="'language.switchTo' | translate"
      (click)="toggle()"
    >
      {{ target().toUpperCase() }}
    </button>
  `,
  styles: `
    .switch {
      min-width: 48px;
      font-weight: 600;
      letter-spacing: 0.04em;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LanguageSwitchComponent {
  private readonly language = inject(LanguageService);

  protected readonly target = computed(() => (this.language.lang() === 'it' ? 'en' : 'it'));

  protected toggle(): void {
    this.language.toggle().subscribe();
  }
}
