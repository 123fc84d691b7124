// The vocabulary of PRODUCT.md ("Taxonomy"). Every label the pipeline or a person sets is one of these.

export const CATEGORIES = ['service', 'marketing', 'flush'] as const;
export type Category = (typeof CATEGORIES)[number];

export const INTENTS = ['complaint', 'question', 'praise', 'suggestion', 'incident', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export const FLUSH_REASONS = ['spam', 'duplicate', 'off_topic', 'bot', 'no_action'] as const;
export type FlushReason = (typeof FLUSH_REASONS)[number];

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** The automatic labels a person can override (field names of the mention document). */
export const CORRECTABLE_LABELS = ['sentiment', 'category', 'intent', 'flushReason'] as const;
export type CorrectableLabel = (typeof CORRECTABLE_LABELS)[number];

/**
 * Languages the pipeline recognises. The product is built for Italian and English; Spanish, French,
 * German and Portuguese are recognised so that they can be filtered (and are not forced into
 * it/en); every other language, and text with too little evidence, is `other`.
 */
export const LANGUAGES = ['it', 'en', 'es', 'fr', 'de', 'pt', 'other'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * How a post reached the brand when the source itself says it was written to the brand, whatever
 * its words: `direct_message` (a private message: WhatsApp, Messenger, Instagram Direct, X direct
 * messages), `own_page` (a comment or a visitor's post on the brand's own Facebook Page, a comment
 * on its own YouTube channel, a member's post on its own forum), `account_mention` (a post the
 * source delivers because it tags or mentions the brand's account: Mastodon mentions, Instagram tags
 * and @mentions). Absent for what listening found (searches, hashtags, feeds, other forums and
 * channels), where only the text can say whom a post is written to.
 */
export const BRAND_CHANNELS = ['direct_message', 'own_page', 'account_mention'] as const;
export type BrandChannel = (typeof BRAND_CHANNELS)[number];

export function isBrandChannel(value: unknown): value is BrandChannel {
  return typeof value === 'string' && (BRAND_CHANNELS as readonly string[]).includes(value);
}

/** Where a mention is in the care workflow. */
export const MENTION_STATUSES = ['new', 'in_progress', 'done', 'flushed'] as const;
export type MentionStatus = (typeof MENTION_STATUSES)[number];

export const ROLES = ['admin', 'lead', 'agent', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * Every kind of source a collector exists for. `webhook` is pushed to us (HMAC-signed) and
 * `import` is a bulk file from another tool; the rest are polled on a schedule.
 */
export const SOURCE_TYPES = [
  'rss',
  'hackernews',
  'mastodon',
  'discourse',
  'appstore',
  'bluesky',
  'youtube',
  'reddit',
  'x',
  'facebook',
  'instagram',
  'webhook',
  'import',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const UI_LOCALES = ['it', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];
