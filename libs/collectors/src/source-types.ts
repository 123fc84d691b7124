import type { SourceSettingValue, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { RSS_DESCRIPTOR } from './rss/rss-feed-adapter';
import { IMPORT_DESCRIPTOR, WEBHOOK_DESCRIPTOR } from './push/push-descriptors';
import { REDDIT_DESCRIPTOR } from './reddit/reddit.adapter';
import { APPSTORE_DESCRIPTOR } from './appstore/appstore-adapter';
import { BLUESKY_DESCRIPTOR } from './bluesky/bluesky.adapter';
import { FACEBOOK_DESCRIPTOR } from './meta/facebook-page-adapter';
import { INSTAGRAM_DESCRIPTOR } from './meta/instagram-adapter';
import { DISCOURSE_DESCRIPTOR } from './discourse/discourse-adapter';
import { HACKERNEWS_DESCRIPTOR } from './hackernews/hackernews-adapter';
import { MASTODON_DESCRIPTOR } from './mastodon/mastodon-adapter';
import { YOUTUBE_DESCRIPTOR } from './youtube/youtube-adapter';
import { X_DESCRIPTOR } from './x/x-adapter';

/**
 * How every source type is configured, in one place: the API validates and serves these, the
 * dashboard builds its forms from them, the worker fills defaults from them.
 */
export const SOURCE_TYPE_DESCRIPTORS: Record<SourceType, SourceTypeDescriptor> = {
  rss: RSS_DESCRIPTOR,
  webhook: WEBHOOK_DESCRIPTOR,
  import: IMPORT_DESCRIPTOR,
  reddit: REDDIT_DESCRIPTOR,
  appstore: APPSTORE_DESCRIPTOR,
  bluesky: BLUESKY_DESCRIPTOR,
  facebook: FACEBOOK_DESCRIPTOR,
  instagram: INSTAGRAM_DESCRIPTOR,
  discourse: DISCOURSE_DESCRIPTOR,
  hackernews: HACKERNEWS_DESCRIPTOR,
  mastodon: MASTODON_DESCRIPTOR,
  youtube: YOUTUBE_DESCRIPTOR,
  x: X_DESCRIPTOR,
};

export function descriptorOf(type: SourceType): SourceTypeDescriptor {
  const descriptor = SOURCE_TYPE_DESCRIPTORS[type];
  if (!descriptor) throw new Error(`no descriptor for source type "${type}"`);
  return descriptor;
}

export interface SettingsCheck {
  /** The settings with defaults filled in and values coerced to their declared kind. */
  value: Record<string, SourceSettingValue>;
  /** One readable problem per bad field, e.g. `hashtag is required`. */
  problems: string[];
}

const MAX_TEXT = 2_000;
const MAX_LIST = 50;

/** Checks settings against a descriptor: unknown keys, missing required ones, wrong kinds. */
export function checkSourceSettings(descriptor: SourceTypeDescriptor, input: Record<string, unknown> | undefined): SettingsCheck {
  const problems: string[] = [];
  const value: Record<string, SourceSettingValue> = {};
  const given = input ?? {};
  const known = new Set(descriptor.settings.map((field) => field.key));
  for (const key of Object.keys(given)) if (!known.has(key)) problems.push(`${key} is not a setting of ${descriptor.type} sources`);
  for (const field of descriptor.settings) {
    const raw = given[field.key];
    if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) {
      if (field.required) problems.push(`${field.key} is required`);
      else if (field.default !== undefined) value[field.key] = field.default;
      continue;
    }
    switch (field.kind) {
      case 'text':
        if (typeof raw !== 'string' || raw.length > MAX_TEXT) problems.push(`${field.key} must be text of at most ${MAX_TEXT} characters`);
        else value[field.key] = raw.trim();
        break;
      case 'select':
        if (typeof raw !== 'string' || !(field.options ?? []).includes(raw)) problems.push(`${field.key} must be one of ${(field.options ?? []).join(', ')}`);
        else value[field.key] = raw;
        break;
      case 'number': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
        if (!Number.isFinite(n)) problems.push(`${field.key} must be a number`);
        else value[field.key] = n;
        break;
      }
      case 'boolean':
        if (typeof raw !== 'boolean') problems.push(`${field.key} must be true or false`);
        else value[field.key] = raw;
        break;
      case 'list': {
        const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
        if (!items || items.length > MAX_LIST || items.some((item) => typeof item !== 'string' || item.length > 200)) {
          problems.push(`${field.key} must be a list of at most ${MAX_LIST} short texts`);
        } else {
          value[field.key] = (items as string[]).map((item) => item.trim()).filter(Boolean);
        }
        break;
      }
    }
  }
  return { value, problems };
}
