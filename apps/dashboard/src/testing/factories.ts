import { newMentionWorkflow, type Mention, type MentionListItem, type MentionPage, type SessionUser, type Ticket, type TopicRetagView, type TopicView } from '@ascolto/domain';

export function buildMention(overrides: Partial<Mention> = {}): Mention {
  const explanation = (label: string) => ({ label, confidence: 0.8, reasons: [] as string[] });
  return {
    id: 'rss:feed:1',
    sourceType: 'rss',
    sourceId: 'source-1',
    sourceKey: 'https://example.com/feed.xml',
    externalId: '1',
    url: 'https://example.com/posts/1',
    title: null,
    content: 'Il rimborso non è ancora arrivato',
    author: { name: 'Giulia Rossi', handle: '@giulia', url: 'https://example.com/u/giulia' },
    publishedAt: '2026-11-20T09:00:00.000Z',
    collectedAt: '2026-11-20T09:01:00.000Z',
    text: 'Il rimborso non è ancora arrivato',
    language: 'it',
    sentiment: 'negative',
    sentimentScore: -0.6,
    category: 'service',
    intent: 'complaint',
    flushReason: null,
    priority: 72,
    explanations: {
      language: explanation('it'),
      sentiment: explanation('negative'),
      category: explanation('service'),
      intent: explanation('complaint'),
    },
    pipelineVersion: 'test',
    simhash: null,
    similarityKeys: [],
    duplicateOf: null,
    ...newMentionWorkflow(),
    topicIds: [],
    ...overrides,
  };
}

export function buildListItem(overrides: Partial<MentionListItem> = {}): MentionListItem {
  return { ...buildMention(overrides), highlight: null, similarCount: 0, ...overrides };
}

export function buildPage(items: MentionListItem[], overrides: Partial<MentionPage> = {}): MentionPage {
  return { items, total: items.length, nextCursor: null, ...overrides };
}

export function buildTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 'ticket-1',
    number: 42,
    subject: 'Rimborso non arrivato',
    status: 'open',
    priority: 72,
    assigneeId: null,
    createdById: 'user-1',
    mentionIds: ['rss:feed:1'],
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

export function buildUser(overrides: Partial<SessionUser> = {}): SessionUser {
  return { id: 'user-1', email: 'agent@example.com', name: 'Marco Bianchi', role: 'agent', locale: 'it', ...overrides };
}

export function buildTopic(overrides: Partial<TopicView> = {}): TopicView {
  return {
    id: '6f1c2a3b-0000-4000-8000-000000000001',
    name: 'Apple (brand)',
    query: 'apple (iphone OR mac) -torta',
    languages: [],
    enabled: true,
    sourceIds: [],
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    retag: null,
    ...overrides,
  };
}

export function buildTopicRetag(overrides: Partial<TopicRetagView> = {}): TopicRetagView {
  return {
    state: 'running',
    reason: 'create',
    total: 200,
    processed: 90,
    changed: 12,
    matched: null,
    error: null,
    attempts: 1,
    requestedAt: '2026-11-20T10:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}
