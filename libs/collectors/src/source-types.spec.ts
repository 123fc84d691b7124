import { SOURCE_TYPES } from '@ascolto/domain';
import { GuardedHttpClient } from './http/guarded-http-client';
import { createSourceAdapters } from './create-adapters';
import { checkSourceSettings, descriptorOf, SOURCE_TYPE_DESCRIPTORS } from './source-types';

/** 5 fields, or 6 with seconds first, each made of cron characters. */
function validateCronSyntax(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  return (fields.length === 5 || fields.length === 6) && fields.every((field) => /^[\d*/,\-A-Za-z?]+$/.test(field));
}

describe('source types', () => {
  it('has a descriptor for every source type, and an adapter for every polled one except push types', () => {
    const adapters = createSourceAdapters(new GuardedHttpClient());
    for (const type of SOURCE_TYPES) {
      const descriptor = descriptorOf(type);
      expect(descriptor.type).toBe(type);
      expect(descriptor.label.it.length).toBeGreaterThan(0);
      expect(descriptor.label.en.length).toBeGreaterThan(0);
      expect(validateCronSyntax(descriptor.defaultSchedule)).toBe(true);
      for (const field of [...descriptor.settings, ...descriptor.credentials]) {
        expect(field.label.it && field.label.en).toBeTruthy();
      }
      // Webhook items are read by the worker from PostgreSQL; imports are jobs, not polls.
      if (type === 'webhook' || type === 'import') expect(adapters.has(type)).toBe(false);
      else expect(adapters.get(type)?.descriptor).toBe(descriptor);
    }
    expect(Object.keys(SOURCE_TYPE_DESCRIPTORS).sort()).toEqual([...SOURCE_TYPES].sort());
  });

  it('checks settings against the descriptor: unknown keys, required ones, kinds, defaults', () => {
    const mastodon = descriptorOf('mastodon');
    const bad = checkSourceSettings(mastodon, { mode: 'everything', maxPages: 'many', colour: 'red' });
    expect(bad.problems).toEqual(expect.arrayContaining(['colour is not a setting of mastodon sources', expect.stringMatching(/^mode must be one of/), 'maxPages must be a number']));
    const good = checkSourceSettings(descriptorOf('hackernews'), { query: ' vela ' });
    expect(good.problems).toEqual([]);
    expect(good.value).toMatchObject({ query: 'vela', collect: 'both' });
    const list = checkSourceSettings(mastodon, { mode: 'hashtag', hashtag: 'vela', anyTags: 'a, b ,,c' });
    expect(list.value.anyTags).toEqual(['a', 'b', 'c']);
  });
});
