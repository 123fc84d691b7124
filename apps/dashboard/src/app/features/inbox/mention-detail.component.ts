import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import {
  CATEGORIES,
  type CorrectLabelsRequest,
  FLUSH_REASONS,
  type FlushReason,
  INTENTS,
  type LabelExplanation,
  MENTION_STATUSES,
  type Mention,
  type MentionStatus,
  PRIORITY_WEIGHTS,
  priorityBreakdown,
  readPriorityFactors,
  SENTIMENTS,
  type Ticket,
} from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';
import { catchError, map, of, startWith, switchMap } from 'rxjs';

import { MentionsApiService } from '../../core/api/mentions-api.service';
import { TicketsApiService } from '../../core/api/tickets-api.service';
import { AuthService } from '../../core/auth/auth.service';
import { LanguageService } from '../../core/i18n/language.service';
import { ReasonTextPipe } from '../../shared/reason-text.pipe';
import { DateFormatPipe } from '../../shared/date-format.pipe';
import { isHttpUrl } from '../../shared/http-url';
import { type LabelKind, LabelChipComponent } from '../../shared/label-chip.component';
import { PriorityBadgeComponent } from '../../shared/priority-badge.component';
import { InboxStore } from './inbox.store';

type LoadState =
  | { kind: 'loading' }
  // similarCount: near duplicates grouped under this mention, as the detail endpoint counted them.
  | { kind: 'loaded'; mention: Mention; similarCount: number }
  | { kind: 'missing' }
  | { kind: 'failed' };

interface ExplainedLabel {
  kind: LabelKind;
  value: string;
  explanation: LabelExplanation;
  /** The values a person may pick instead; absent for labels people do not correct (language). */
  options?: readonly string[];
  /** Set by a person: by the user looking at it (this session), or by someone else. */
  corrected: 'you' | 'person' | null;
}

type CorrectedByPerson = 'sentiment' | 'category' | 'intent' | 'flushReason';

/** Subjects longer than this are cut by the form; the API may have its own, stricter limit. */
export const TICKET_SUBJECT_MAX = 200;

const ENGAGEMENT_KINDS = ['replies', 'reposts', 'likes', 'views'] as const;

@Component({
  selector: 'asc-mention-detail',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    RouterLink,
    TranslatePipe,
    DateFormatPipe,
    LabelChipComponent,
    PriorityBadgeComponent,
    ReasonTextPipe,
  ],
  templateUrl: './mention-detail.component.html',
  styleUrl: './mention-detail.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MentionDetailComponent {
  private readonly mentions = inject(MentionsApiService);
  private readonly tickets = inject(TicketsApiService);
  // Optional: the detail also works on its own (and in tests) without the list around it.
  private readonly inbox = inject(InboxStore, { optional: true });
  protected readonly lang = inject(LanguageService).lang;
  private readonly auth = inject(AuthService);

  /** The mention id, bound from the route parameter. */
  readonly id = input.required<string>();

  private readonly state = signal<LoadState>({ kind: 'loading' });
  protected readonly statuses = MENTION_STATUSES;
  protected readonly subjectMax = TICKET_SUBJECT_MAX;
  protected readonly subject = new FormControl('', {
    nonNullable: true,
    validators: [Validators.maxLength(TICKET_SUBJECT_MAX)],
  });
  protected readonly savingStatus = signal<MentionStatus | null>(null);
  protected readonly creatingTicket = signal(false);
  protected readonly createdTicket = signal<Ticket | null>(null);
  /** The ticket an already converted mention belongs to, to show its number. */
  protected readonly existingTicket = signal<Ticket | null>(null);
  protected readonly actionError = signal<string | null>(null);
  /** Analysts read labels but may not change them (the API refuses them too). */
  protected readonly canCorrect = computed(() => this.auth.user()?.role !== 'analyst');
  protected readonly savingLabels = signal(false);
  /** Category `flush` was picked for a mention that is not: the API needs a reason with it. */
  protected readonly pendingFlush = signal(false);
  protected readonly flushReasons = FLUSH_REASONS;
  /** Labels this user corrected while looking at this mention ("corrected by you"). */
  private readonly correctedByMe = signal<ReadonlySet<CorrectedByPerson>>(new Set());

  protected readonly loadState = this.state.asReadonly();
  protected readonly similarCount = computed(() => {
    const state = this.state();
    return state.kind === 'loaded' ? state.similarCount : 0;
  });
  protected readonly mention = computed(() => {
    const state = this.state();
    return state.kind === 'loaded' ? state.mention : null;
  });
  protected readonly link = computed(() => {
    const url = this.mention()?.url;
    return isHttpUrl(url) ? url : null;
  });
  /** The counts the source reported, in a fixed order; null when it reported none. */
  protected readonly engagement = computed(() => {
    const counts = this.mention()?.engagement;
    if (!counts) return null;
    const shown = ENGAGEMENT_KINDS.filter((kind) => typeof counts[kind] === 'number').map((kind) => ({ kind, value: counts[kind]! }));
    return shown.length ? shown : null;
  });
  /**
   * The topics that took the mention, by name, each a link to the inbox filtered on it; null when
   * there is nothing to say (the account has no topics, or their names are not known: the detail
   * on its own, or the topics could not be loaded). A topic deleted since is left out. None is
   * worth showing: small talk is flushed when no topic takes it.
   */
  protected readonly topics = computed(() => {
    const known = this.inbox?.topics();
    const ids = this.mention()?.topicIds;
    if (!known?.length || !ids) return null;
    return known.filter((topic) => ids.includes(topic.id));
  });
  protected readonly authorLink = computed(() => {
    const url = this.mention()?.author.url;
    return isHttpUrl(url) ? url : null;
  });
  /**
   * The priority taken apart (labels and the factors measured at analysis), so people see why a
   * mention sits where it does in the queue; null for documents without stored factors.
   */
  protected readonly priorityWhy = computed(() => {
    const m = this.mention();
    const factors = m ? readPriorityFactors(m.priorityFactors) : null;
    if (!m || !factors) return null;
    const why = priorityBreakdown(m, factors);
    // A fraction of a point (a small audience) would read "+0": not worth a line.
    return { ...why, parts: why.parts.filter((part) => part.kind === 'base' || Math.round(part.points) > 0) };
  });
  protected readonly flushCeiling = PRIORITY_WEIGHTS.flushCeiling;
  protected readonly labels = computed<ExplainedLabel[]>(() => {
    const m = this.mention();
    if (!m) {
      return [];
    }
    return [
      { kind: 'sentiment', value: m.sentiment, explanation: m.explanations.sentiment, options: SENTIMENTS, corrected: this.correctedBy(m, 'sentiment') },
      { kind: 'category', value: m.category, explanation: m.explanations.category, options: CATEGORIES, corrected: this.correctedBy(m, 'category') },
      { kind: 'intent', value: m.intent, explanation: m.explanations.intent, options: INTENTS, corrected: this.correctedBy(m, 'intent') },
      { kind: 'language', value: m.language, explanation: m.explanations.language, corrected: null },
    ];
  });
  protected readonly flushReasonCorrected = computed(() => {
    const m = this.mention();
    return m ? this.correctedBy(m, 'flushReason') : null;
  });

  /** A 1–5 rating as filled and empty stars (the number is in the aria-label). */
  protected stars(rating: number): string {
    const filled = Math.max(0, Math.min(5, Math.round(rating)));
    return '★'.repeat(filled) + '☆'.repeat(5 - filled);
  }

  constructor() {
    toObservable(this.id)
      .pipe(
        switchMap((id) =>
          this.mentions.get(id).pipe(
            map((mention): LoadState => ({ kind: 'loaded', mention, similarCount: mention.similarCount ?? 0 })),
            catchError((error: unknown) =>
              of<LoadState>(error instanceof HttpErrorResponse && error.status === 404 ? { kind: 'missing' } : { kind: 'failed' }),
            ),
            startWith<LoadState>({ kind: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => {
        this.state.set(state);
        if (state.kind === 'loaded' && state.mention.ticketId) {
          this.loadExistingTicket(state.mention.ticketId);
        }
        if (state.kind === 'loading') {
          this.existingTicket.set(null);
          this.createdTicket.set(null);
          this.actionError.set(null);
          this.subject.reset();
          this.pendingFlush.set(false);
          this.correctedByMe.set(new Set());
        }
      });
  }

  private loadExistingTicket(ticketId: string): void {
    this.tickets.get(ticketId).subscribe({
      // Only if the user has not moved to another mention meanwhile.
      next: (ticket) => {
        if (this.mention()?.ticketId === ticket.id) this.existingTicket.set(ticket);
      },
      // Without the number the generic "already part of a ticket" text still says what matters.
      error: () => this.existingTicket.set(null),
    });
  }

  protected setStatus(status: MentionStatus): void {
    const mention = this.mention();
    if (!mention || mention.status === status || this.savingStatus()) {
      return;
    }
    this.savingStatus.set(status);
    this.actionError.set(null);
    this.mentions.setStatus(mention.id, status).subscribe({
      next: (updated) => {
        this.savingStatus.set(null);
        this.update(updated);
      },
      error: () => {
        this.savingStatus.set(null);
        this.actionError.set('mention.errors.status');
      },
    });
  }

  protected convertToTicket(): void {
    const mention = this.mention();
    if (!mention || this.creatingTicket() || this.subject.invalid) {
      return;
    }
    const subject = this.subject.value.trim();
    this.creatingTicket.set(true);
    this.actionError.set(null);
    this.tickets.create({ mentionIds: [mention.id], ...(subject ? { subject } : {}) }).subscribe({
      next: (ticket) => {
        this.creatingTicket.set(false);
        this.createdTicket.set(ticket);
        this.update({ ...mention, ticketId: ticket.id });
      },
      error: (error: unknown) => {
        this.creatingTicket.set(false);
        // 409: someone else converted it meanwhile; reload it so their ticket shows instead of the button.
        if (error instanceof HttpErrorResponse && error.status === 409) {
          this.actionError.set('mention.errors.alreadyTicketed');
          this.mentions.get(mention.id).subscribe({ next: (fresh) => this.update(fresh), error: () => undefined });
        } else {
          this.actionError.set('mention.errors.ticket');
        }
      },
    });
  }

  /** A label picked in one of the selects. */
  protected correct(kind: LabelKind, select: HTMLSelectElement): void {
    const mention = this.mention();
    if (!mention) return;
    const value = select.value;
    if (kind === 'category' && value === 'flush' && mention.category !== 'flush') {
      // Sent together with the reason, once one is picked.
      this.pendingFlush.set(true);
      return;
    }
    if (kind === 'category' && this.pendingFlush()) {
      this.pendingFlush.set(false);
      // Back to the stored category: nothing to send (sending would make it the person's).
      if (value === mention.category) return;
    }
    if (kind === 'sentiment' || kind === 'category' || kind === 'intent') {
      const stored = mention[kind];
      this.sendCorrection({ [kind]: value } as CorrectLabelsRequest, () => (select.value = stored));
    }
  }

  protected correctFlushReason(select: HTMLSelectElement): void {
    const reason = select.value as FlushReason;
    const stored = this.mention()?.flushReason ?? '';
    this.sendCorrection(this.pendingFlush() ? { category: 'flush', flushReason: reason } : { flushReason: reason }, () => (select.value = stored));
  }

  /** `revert` puts the select back to the stored label: its bound value did not change, so Angular would not. */
  private sendCorrection(request: CorrectLabelsRequest, revert: () => void): void {
    const mention = this.mention();
    if (!mention || this.savingLabels()) return;
    this.savingLabels.set(true);
    this.actionError.set(null);
    this.mentions.correctLabels(mention.id, request).subscribe({
      next: (updated) => {
        this.savingLabels.set(false);
        this.pendingFlush.set(false);
        const mine = new Set(this.correctedByMe());
        for (const label of Object.keys(request) as CorrectedByPerson[]) mine.add(label);
        this.correctedByMe.set(mine);
        this.update(updated);
      },
      error: () => {
        this.savingLabels.set(false);
        this.actionError.set('mention.errors.labels');
        revert();
      },
    });
  }

  private correctedBy(m: Mention, label: CorrectedByPerson): 'you' | 'person' | null {
    if (!m.correctedLabels?.includes(label)) return null;
    return this.correctedByMe().has(label) ? 'you' : 'person';
  }

  /** Points of a priority part as shown: whole points (reach and negativity are fractional). */
  protected points(value: number): number {
    return Math.round(value);
  }

  /** The age multiplier as shown, in the interface language ("0,5" in Italian). */
  protected factor(value: number): string {
    return value.toLocaleString(this.lang() === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 2 });
  }

  protected percent(confidence: number): number {
    return Math.round(Math.max(0, Math.min(1, confidence)) * 100);
  }

  private update(mention: Mention): void {
    // A status change or a ticket does not change the group: keep the count loaded with the mention.
    this.state.set({ kind: 'loaded', mention, similarCount: this.similarCount() });
    this.inbox?.replace(mention);
  }
}
