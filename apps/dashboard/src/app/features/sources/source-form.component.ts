import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type OnInit,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { SourceConnectionTest, SourceType, SourceTypeDescriptor, SourceView } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';
import { type Subscription, of, startWith, switchMap } from 'rxjs';

import { SourcesApiService } from '../../core/api/sources-api.service';
import { LanguageService } from '../../core/i18n/language.service';
import { apiProblems } from './api-problems';
import { ConnectionTestResultComponent } from './connection-test-result.component';
import {
  type CredentialAction,
  SOURCE_NAME_MAX,
  type SourceForm,
  buildSourceForm,
  describeSchedule,
  settingPlaceholder,
  toCreateRequest,
  toUpdateRequest,
} from './source-form.model';
import { SourcesStore } from './sources.store';

interface SaveError {
  key: string;
  /** The API's own words (each field and why), shown as text under the translated sentence. */
  problems: string[];
}

/** The translation key for a failed save, by status. */
export function saveErrorKey(error: unknown): string {
  const status = error instanceof HttpErrorResponse ? error.status : 0;
  switch (status) {
    case 400:
      return 'sources.errors.invalid';
    case 403:
      return 'sources.errors.forbidden';
    case 404:
      return 'sources.errors.gone';
    case 409:
      return 'sources.errors.nameTaken';
    default:
      return 'sources.errors.save';
  }
}

/**
 * Adds or edits a source. The fields come from the type's descriptor (served by the API), so a new
 * source type needs no change here. Credentials are write-only: an edit shows which are set and
 * lets the admin replace or clear them, never their values.
 */
@Component({
  selector: 'asc-source-form',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MatSlideToggleModule,
    TranslatePipe,
    ConnectionTestResultComponent,
  ],
  templateUrl: './source-form.component.html',
  styleUrl: './source-form.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SourceFormComponent implements OnInit {
  private readonly api = inject(SourcesApiService);
  protected readonly store = inject(SourcesStore);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly lang = inject(LanguageService).lang;

  /** The source being edited, or null to add one. Read once, when the form opens. */
  readonly source = input<SourceView | null>(null);
  readonly saved = output<SourceView>();
  readonly cancelled = output<void>();

  protected readonly nameMax = SOURCE_NAME_MAX;
  protected readonly selectedType = signal<SourceType | null>(null);
  protected readonly descriptor = computed(() => {
    const type = this.selectedType();
    return type ? this.store.descriptorOf(type) : null;
  });
  protected readonly form = signal<SourceForm | null>(null);
  protected readonly credentialActions = signal<Record<string, CredentialAction>>({});
  protected readonly saving = signal(false);
  protected readonly saveError = signal<SaveError | null>(null);
  protected readonly testing = signal(false);
  protected readonly testResult = signal<SourceConnectionTest | null>(null);
  protected readonly testError = signal<string | true | null>(null);
  /** The last test ran on edited values without the stored credentials (they never reach the browser). */
  protected readonly testedWithoutStored = signal(false);
  private testRequest?: Subscription;

  /** The schedule in words, following what is typed. */
  private readonly scheduleText = toSignal(
    toObservable(this.form).pipe(
      switchMap((form) => (form ? form.controls.schedule.valueChanges.pipe(startWith(form.controls.schedule.value)) : of(''))),
    ),
    { initialValue: '' },
  );
  protected readonly scheduleHint = computed(() => describeSchedule(this.scheduleText()));
  /** Polled types in a stable order, labelled in the UI language. */
  protected readonly typeChoices = computed(() => {
    const lang = this.lang();
    return [...this.store.types()].sort((a, b) => a.label[lang].localeCompare(b.label[lang], lang));
  });

  ngOnInit(): void {
    const source = this.source();
    if (source) this.pick(source.type);
  }

  protected pick(type: SourceType): void {
    const descriptor = this.store.descriptorOf(type);
    if (!descriptor) return;
    const source = this.source();
    this.selectedType.set(type);
    const form = buildSourceForm(descriptor, source);
    this.form.set(form);
    // A stored credential is kept until the admin says otherwise.
    const actions: Record<string, CredentialAction> = {};
    for (const field of descriptor.credentials) actions[field.key] = source?.credentialKeys.includes(field.key) ? 'keep' : 'replace';
    this.credentialActions.set(actions);
    if (!source && form.controls.name.value === '') form.controls.name.setValue(descriptor.label[this.lang()]);
    this.saveError.set(null);
    this.clearTest();
    // A changed form makes the last test result and the last refusal stale.
    form.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      if (this.testResult() || this.testError()) this.clearTest();
      this.saveError.set(null);
    });
  }

  protected changeType(): void {
    if (this.source()) return;
    this.selectedType.set(null);
    this.form.set(null);
    this.clearTest();
  }

  protected isStored(key: string): boolean {
    return this.source()?.credentialKeys.includes(key) ?? false;
  }

  protected setCredentialAction(key: string, action: CredentialAction): void {
    this.credentialActions.update((actions) => ({ ...actions, [key]: action }));
    const control = this.form()?.controls.credentials.controls[key];
    if (control && action !== 'replace') control.setValue('');
    this.clearTest();
  }

  protected placeholder = settingPlaceholder;

  protected testConnection(): void {
    const descriptor = this.descriptor();
    const form = this.form();
    if (!descriptor || !form || this.testing()) return;
    if (form.invalid) {
      form.markAllAsTouched();
      return;
    }
    const source = this.source();
    // An unchanged saved source is tested with what is stored, credentials included; anything
    // typed is tested as typed (stored credentials cannot travel back to the browser).
    const untouched = source && form.pristine && Object.values(this.credentialActions()).every((action) => action !== 'clear');
    const request = untouched ? this.api.test(source.id) : this.api.testUnsaved(toCreateRequest(descriptor, form, this.credentialActions()));
    this.clearTest();
    const keptStored = Object.entries(this.credentialActions()).some(([key, action]) => action === 'keep' && this.isStored(key));
    this.testedWithoutStored.set(!untouched && keptStored);
    this.testing.set(true);
    this.testRequest = request.subscribe({
      next: (result) => {
        this.testing.set(false);
        this.testResult.set(result);
      },
      error: (error: unknown) => {
        this.testing.set(false);
        this.testError.set(apiProblems(error).join('\n') || true);
      },
    });
  }

  protected save(): void {
    const descriptor = this.descriptor();
    const form = this.form();
    if (!descriptor || !form || this.saving()) return;
    if (form.invalid) {
      form.markAllAsTouched();
      return;
    }
    const request = toCreateRequest(descriptor, form, this.credentialActions());
    const source = this.source();
    const changes = source ? toUpdateRequest(descriptor, source, request) : null;
    if (source && changes && Object.keys(changes).length === 0) {
      this.saved.emit(source);
      return;
    }
    this.saving.set(true);
    this.saveError.set(null);
    (source && changes ? this.store.update(source.id, changes) : this.store.create(request)).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.saved.emit(saved);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.saveError.set({ key: saveErrorKey(error), problems: apiProblems(error) });
      },
    });
  }

  protected cancel(): void {
    this.testRequest?.unsubscribe();
    this.cancelled.emit();
  }

  private clearTest(): void {
    this.testRequest?.unsubscribe();
    this.testing.set(false);
    this.testResult.set(null);
    this.testError.set(null);
    this.testedWithoutStored.set(false);
  }

  protected typeLabel(descriptor: SourceTypeDescriptor): string {
    return descriptor.label[this.lang()];
  }
}
