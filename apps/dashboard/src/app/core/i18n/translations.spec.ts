import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  BRAND_CHANNELS,
  CATEGORIES,
  FLUSH_REASONS,
  INTENTS,
  LANGUAGES,
  MENTION_STATUSES,
  REASON_KEYS,
  ROLES,
  SENTIMENTS,
  SOURCE_TYPES,
  TICKET_STATUSES,
} from '@ascolto/domain';

import { TRANSLATIONS } from '../../../testing/translate-testing';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) {
    return [prefix];
  }
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return templates(path);
    }
    return /\.(html|ts)$/.test(name) && !name.endsWith('.spec.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('translations', () => {
  const it_ = new Set(keys(TRANSLATIONS.it));
  const en = new Set(keys(TRANSLATIONS.en));

  it('have the same keys in Italian and English', () => {
    expect([...it_].filter((key) => !en.has(key))).toEqual([]);
    expect([...en].filter((key) => !it_.has(key))).toEqual([]);
  });

  it('have no empty strings', () => {
    const lookup = (table: object, key: string): unknown =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], table);
    const empty = (table: object) => keys(table).filter((key) => typeof lookup(table, key) !== 'string' || lookup(table, key) === '');
    expect(empty(TRANSLATIONS.it)).toEqual([]);
    expect(empty(TRANSLATIONS.en)).toEqual([]);
  });

  it('cover every taxonomy value', () => {
    const vocab: Record<string, readonly string[]> = {
      sentiment: SENTIMENTS,
      category: CATEGORIES,
      intent: INTENTS,
      flushReason: FLUSH_REASONS,
      status: MENTION_STATUSES,
      language: LANGUAGES,
      ticketStatus: TICKET_STATUSES,
      role: ROLES,
      sourceType: SOURCE_TYPES,
      brandChannel: BRAND_CHANNELS,
    };
    const missing = Object.entries(vocab).flatMap(([kind, values]) =>
      values.map((value) => `taxonomy.${kind}.${value}`).filter((key) => !it_.has(key) || !en.has(key)),
    );
    expect(missing).toEqual([]);
  });

  it('cover every format of the reasons that explain a label', () => {
    expect(REASON_KEYS.filter((key) => !it_.has(key) || !en.has(key))).toEqual([]);
  });

  it('contain every literal key the templates use', () => {
    const used = new Set<string>();
    for (const source of templates(join(__dirname, '..', '..'))) {
      for (const match of source.matchAll(/'([a-z][A-Za-z]*(?:\.[A-Za-z_]+)+)'\s*\|\s*translate/g)) {
        used.add(match[1]);
      }
      for (const match of source.matchAll(/'([a-z][A-Za-z]*(?:\.[A-Za-z_]+)+)'/g)) {
        if (/^(login|inbox|mention|tickets|topics|nav|common|paginator|priority|language)\./.test(match[1])) {
          used.add(match[1]);
        }
      }
    }
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((key) => !en.has(key) || !it_.has(key));
    expect(missing).toEqual([]);
  });
});
