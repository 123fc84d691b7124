import type { PriorityFactors } from './priority';
import type {
  BrandChannel,
  Category,
  CorrectableLabel,
  FlushReason,
  Intent,
  Language,
  MentionStatus,
  Sentiment,
  SourceType,
} from './taxonomy';

export interface MentionAuthor {
  name: string;
  handle: string | null;
  url: string | null;
  /** Followers or subscribers where the source reports them (author reach, part of priority). */
  followers?: number | null;
}

/**
 * A mention as a collector delivers it: mapped from the source's payload, not yet understood.
 * `id` is deterministic (source type + source key + external id), so a repeated delivery of the
 * same item overwrites the same document instead of adding a second one.
 */
export interface RawMention {
  id: string;
  sourceType: SourceType;
  /** PostgreSQL id of the configured source that collected it. */
  sourceId: string;
  /** What identifies the source at its origin (for RSS: the feed URL). */
  sourceKey: string;
  externalId: string;
  url: string | null;
  title: string | null;
  /** Content as the source gave it; may hold HTML. Untrusted. */
  content: string;
  author: MentionAuthor;
  /** ISO 8601, UTC. */
  publishedAt: string;
  /** ISO 8601, UTC. */
  collectedAt: string;
  /** When the source says the item was last edited (ISO 8601, UTC). */
  editedAt?: string | null;
  /** The source reported the item deleted or removed (a missing item is never taken as deleted). */
  deletedAtSource?: string | null;
  /** Counts the source reports; absent where it reports none. */
  engagement?: MentionEngagement;
  /** Star rating of a review (App Store), 1–5. */
  rating?: number | null;
  /** The external id of the post this one answers, where the source says. */
  inReplyTo?: string | null;
  /** The language the source declares (often wrong; the pipeline detects its own). */
  sourceLanguage?: string | null;
  /**
   * Set when the source says the post was written to the brand (a private message, a comment on
   * its Page, a tag of its account); absent for what listening found. The classifier keeps such a
   * post for a person when its words say nothing it knows.
   */
  brandChannel?: BrandChannel | null;
}

export interface MentionEngagement {
  replies?: number;
  reposts?: number;
  likes?: number;
  views?: number;
}

/** Why the pipeline chose a label: shown to people next to the label. */
export interface LabelExplanation {
  label: string;
  confidence: number;
  /** Short, human-readable reasons, e.g. `word "rimborso"`, `rule: link-heavy promo`. */
  reasons: string[];
}

/** What the pipeline adds to a raw mention. */
export interface MentionAnalysis {
  /** Plain text: HTML removed, entities decoded, whitespace normalised. */
  text: string;
  language: Language;
  sentiment: Sentiment;
  /** In [-1, 1]. */
  sentimentScore: number;
  category: Category;
  intent: Intent;
  flushReason: FlushReason | null;
  /** 0–100, from the labels and `priorityFactors` (`priorityFrom`, priority.ts). */
  priority: number;
  /**
   * What the priority is made of besides the labels, measured at analysis, so the priority can be
   * recomputed when a label changes later. Null when the pipeline could not read the post (its
   * priority is then a fixed value) and absent on documents from before it was stored.
   */
  priorityFactors?: PriorityFactors | null;
  explanations: {
    language: LabelExplanation;
    sentiment: LabelExplanation;
    category: LabelExplanation;
    intent: LabelExplanation;
  };
  /** Version of the pipeline that produced these labels. */
  pipelineVersion: string;
  /**
   * Near-duplicate fingerprint: 64-bit SimHash as 16 hex characters, or null for a text too short
   * to fingerprint (it then matches identical texts only, through `similarityKeys`).
   */
  simhash: string | null;
  /** Lookup keys that near duplicates share (LSH bands, or one exact-text key); empty: never grouped. */
  similarityKeys: string[];
}

/** Workflow state kept on the mention document (PostgreSQL holds the audited record). */
export interface MentionWorkflow {
  status: MentionStatus;
  assigneeId: string | null;
  ticketId: string | null;
  tags: string[];
  triagedAt: string | null;
  firstResponseAt: string | null;
  /** Seconds from publication to the first human action; stored so aggregations need no scripts. */
  firstResponseSeconds: number | null;
}

/** The mention document as stored in Elasticsearch and returned by the API. */
export interface Mention extends Omit<RawMention, 'content'>, MentionAnalysis, MentionWorkflow {
  /** The original content (may hold HTML); never rendered as HTML. */
  content: string;
  topicIds: string[];
  /**
   * Id of the first mention of this mention's near-duplicate group (retweets, pasted complaints);
   * null for a group's first mention and for a mention without duplicates. Set once, at ingest.
   */
  duplicateOf: string | null;
  /**
   * Labels a person has set (see PATCH /api/mentions/:id/labels); a re-delivery by a collector
   * keeps these values. Absent on documents nobody corrected.
   */
  correctedLabels?: CorrectableLabel[];
}

/** The workflow state of a mention nobody has touched yet (a fresh object each call). */
export function newMentionWorkflow(): MentionWorkflow {
  return {
    status: 'new',
    assigneeId: null,
    ticketId: null,
    tags: [],
    triagedAt: null,
    firstResponseAt: null,
    firstResponseSeconds: null,
  };
}
