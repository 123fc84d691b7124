import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  InjectionToken,
  Injector,
  type OnInit,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type AbstractControl, FormControl, FormGroup, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { CreateTopicRequest, Language, TopicView, UpdateTopicRequest } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';
import { type Observable, catchError, debounceTime, filter, map, of, startWith, switchMap, tap } from 'rxjs';

import { TopicsApiService } from '../../core/api/topics-api.service';
import { type TopicQueryProblem, apiErrorMessage, markQuery, topicQueryProblem } from './topic-query-error';
import { TopicsStore } from './topics.store';

/** Pause in typing before the query is sent for checking, so it is not checked per keystroke. */
export const TOPIC_QUERY_CHECK_DEBOUNCE_MS = new InjectionToken<number>('TOPIC_QUERY_CHECK_DEBOUNCE_MS', {
  providedIn: 'root',
  factory: () => 400,
});

/** The languages a topic can be limited to; `other` is not offered, as nobody listens for "any other". */
export const TOPIC_FORM_LANGUAGES: readonly Language[] = ['it', 'en', 'es', 'fr', 'de', 'pt'];

/** Same bound as the API's MAX_TOPIC_NAME. */
export const TOPIC_NAME_MAX = 200;

type QueryCheck =
  | { kind: 'blank' }
  | { kind: 'checking' }
  | { kind: 'valid' }
  // `query`: the text the problem was found in, so the mark never points into newer text.
  | { kind: 'invalid'; query: string; problem: TopicQueryProblem }
  | { kind: 'unavailable' };

interface SaveError {
  key: string;
  /** The API's own words, shown as text under the translated sentence. */
  detail: string | null;
}

/** One line of the syntax help: the example is query syntax (never translated), the key explains it. */
interface SyntaxExample {
  example: string;
  key: string;
}

/** Like Validators.required, but spaces alone are no name either (the API trims them away). */
function notBlank(control: AbstractControl<string>): ValidationErrors | null {
  return control.value.trim() === '' ? { required: true } : null;
}

/**
 * What an edit changes: only these fields are sent, so a toggle switched in the list while the
 * form was open (or by someone else) is not put back by saving an unrelated change.
 */
function changedFields(topic: TopicView, request: CreateTopicRequest): UpdateTopicRequest {
  const changes: UpdateTopicRequest = {};
  if (request.name !== topic.name) changes.name = request.name;
  if (request.query !== topic.query) changes.query = request.query;
  const languages = request.languages ?? [];
  if (languages.length !== topic.languages.length || languages.some((lang) => !topic.languages.includes(lang))) {
    changes.languages = languages;
  }
  if (request.enabled !== topic.enabled) changes.enabled = request.enabled;
  return changes;
}

@Component({
  selector: 'asc-topic-form',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatSlideToggleModule, TranslatePipe],
  templateUrl: './topic-form.component.html',
  styleUrl: './topic-form.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TopicFormComponent implements OnInit {
  private readonly api = inject(TopicsApiService);
  private readonly store = inject(TopicsStore);
  private readonly debounceMs = inject(TOPIC_QUERY_CHECK_DEBOUNCE_MS);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  /** The topic being edited, or null to create one. Read once, when the form opens. */
  readonly topic = input<TopicView | null>(null);
  readonly saved = output<TopicView>();
  readonly cancelled = output<void>();

  protected readonly nameMax = TOPIC_NAME_MAX;
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [notBlank, Validators.maxLength(TOPIC_NAME_MAX)] }),
    query: new FormControl('', { nonNullable: true }),
    languages: new FormControl<Language[]>([], { nonNullable: true }),
    enabled: new FormControl(true, { nonNullable: true }),
  });
  protected readonly check = signal<QueryCheck>({ kind: 'blank' });
  protected readonly saving = signal(false);
  protected readonly saveError = signal<SaveError | null>(null);
  /** The six offered languages, plus any other one the topic already has (so editing never drops it silently). */
  protected readonly languageOptions = computed<readonly Language[]>(() => {
    const extra = (this.topic()?.languages ?? []).filter((lang) => !TOPIC_FORM_LANGUAGES.includes(lang));
    return [...TOPIC_FORM_LANGUAGES, ...extra];
  });
  protected readonly problem = computed(() => {
    const check = this.check();
    return check.kind === 'invalid' ? check.problem : null;
  });
  protected readonly marked = computed(() => {
    const check = this.check();
    return check.kind === 'invalid' ? markQuery(check.query, check.problem.position) : null;
  });
  /** The 1-based character a person would count to: an emoji is one character, not two code units. */
  protected readonly problemColumn = computed(() => {
    const marked = this.marked();
    return marked ? Array.from(marked.before).length + 1 : null;
  });
  private readonly nameInput = viewChild.required<ElementRef<HTMLInputElement>>('nameInput');

  protected readonly syntax: readonly SyntaxExample[] = [
    { example: 'apple iphone', key: 'topics.help.and' },
    { example: 'iphone OR ipad', key: 'topics.help.or' },
    { example: 'NOT torta', key: 'topics.help.not' },
    { example: '-torta', key: 'topics.help.minus' },
    { example: '(iphone OR mac) apple', key: 'topics.help.group' },
    { example: '"apple pie"', key: 'topics.help.phrase' },
    { example: '"rete lenta"~3', key: 'topics.help.near' },
    { example: '#apple', key: 'topics.help.hashtag' },
    { example: '@apple', key: 'topics.help.handle' },
    { example: 'lang:it', key: 'topics.help.lang' },
    { example: 'rimbors*', key: 'topics.help.prefix' },
  ];
  protected readonly brandExample = 'apple (iphone OR mac OR @apple) -(mela OR torta OR "apple pie")';

  ngOnInit(): void {
    const topic = this.topic();
    if (topic) {
      this.form.setValue({ name: topic.name, query: topic.query, languages: [...topic.languages], enabled: topic.enabled });
    }
    afterNextRender(() => this.nameInput().nativeElement.focus(), { injector: this.injector });
    const query = this.form.controls.query;
    query.valueChanges
      .pipe(
        // A stored query is checked too: one that no longer compiles is skipped by the worker.
        startWith(query.value),
        // Whatever was shown belongs to older text: say so at once, check after the pause.
        tap((text) => this.check.set(text.trim() === '' ? { kind: 'blank' } : { kind: 'checking' })),
        debounceTime(this.debounceMs),
        filter((text) => text.trim() !== ''),
        switchMap((text) => this.checkQuery(text)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(({ text, check }) => {
        // An answer about text that has changed since is dropped: the next check is already on its way.
        if (text === query.value) this.check.set(check);
      });
  }

  private checkQuery(text: string): Observable<{ text: string; check: QueryCheck }> {
    return this.api.validate(text).pipe(
      map((): QueryCheck => ({ kind: 'valid' })),
      catchError((error: unknown) => {
        const problem = topicQueryProblem(error);
        return of<QueryCheck>(problem ? { kind: 'invalid', query: text, problem } : { kind: 'unavailable' });
      }),
      map((check) => ({ text, check })),
    );
  }

  /** The current text is known to be wrong: saving would only get the same 400 back. */
  protected readonly blocked = computed(() => this.check().kind === 'invalid');

  protected save(): void {
    if (this.saving()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const check = this.check();
    if (check.kind === 'invalid' && check.query === this.form.controls.query.value) return;
    const value = this.form.getRawValue();
    const request: CreateTopicRequest = {
      name: value.name.trim(),
      // Sent as typed: the API trims it, and an error position must point into this exact text.
      query: value.query,
      languages: value.languages,
      enabled: value.enabled,
    };
    const topic = this.topic();
    const changes = topic ? changedFields(topic, request) : null;
    if (topic && changes && Object.keys(changes).length === 0) {
      // Nothing to send (the API would refuse an empty change): the topic is as it was.
      this.saved.emit(topic);
      return;
    }
    this.saving.set(true);
    this.saveError.set(null);
    (topic && changes ? this.store.update(topic.id, changes) : this.store.create(request)).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.saved.emit(saved);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        const problem = topicQueryProblem(error);
        if (problem) {
          this.check.set({ kind: 'invalid', query: request.query ?? '', problem });
          return;
        }
        const status = error instanceof HttpErrorResponse ? error.status : 0;
        const key =
          status === 409
            ? 'topics.errors.nameTaken'
            : status === 404
              ? 'topics.errors.gone'
              : status === 403
                ? 'topics.errors.forbidden'
                : status === 400
                  ? 'topics.errors.invalid'
                  : 'topics.errors.save';
        this.saveError.set({ key, detail: apiErrorMessage(error) });
      },
    });
  }

  protected cancel(): void {
    this.cancelled.emit();
  }
}
