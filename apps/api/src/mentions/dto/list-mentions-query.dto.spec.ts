import { BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../../common/validation';
import { CountMentionsQueryDto, ListMentionsQueryDto, toMentionListQuery } from './list-mentions-query.dto';

const pipe = createValidationPipe();
const parse = (query: Record<string, unknown>, metatype: new () => object = ListMentionsQueryDto) =>
  pipe.transform(query, { type: 'query', metatype });

async function messagesOf(query: Record<string, unknown>, metatype?: new () => object): Promise<string[]> {
  try {
    await parse(query, metatype);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { message: string[] }).message;
  }
  throw new Error('expected a 400');
}

describe(ListMentionsQueryDto.name, () => {
  it('turns comma-separated lists into arrays and limit into a number', async () => {
    const dto = (await parse({
      q: 'rimborso -spam',
      sentiment: 'negative,neutral',
      category: 'service',
      intent: 'complaint,incident',
      flushReason: 'spam, no_action',
      status: 'new, in_progress',
      sourceId: '0b6f7a52-1f0e-4c3b-9a8e-000000000001',
      topicId: '0b6f7a52-1f0e-4c3b-9a8e-000000000002,0b6f7a52-1f0e-4c3b-9a8e-000000000003',
      sourceType: 'appstore, mastodon',
      brandChannel: 'direct_message,own_page',
      language: 'it,en',
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00.000Z',
      sort: 'priority',
      cursor: 'abc',
      limit: '50',
    })) as ListMentionsQueryDto;
    expect(toMentionListQuery(dto)).toEqual({
      q: 'rimborso -spam',
      sentiment: ['negative', 'neutral'],
      category: ['service'],
      intent: ['complaint', 'incident'],
      flushReason: ['spam', 'no_action'],
      status: ['new', 'in_progress'],
      sourceId: ['0b6f7a52-1f0e-4c3b-9a8e-000000000001'],
      topicId: ['0b6f7a52-1f0e-4c3b-9a8e-000000000002', '0b6f7a52-1f0e-4c3b-9a8e-000000000003'],
      sourceType: ['appstore', 'mastodon'],
      brandChannel: ['direct_message', 'own_page'],
      language: ['it', 'en'],
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00.000Z',
      sort: 'priority',
      cursor: 'abc',
      limit: 50,
    });
  });

  it('accepts a repeated parameter as well as a comma list', async () => {
    const dto = (await parse({ status: ['new', 'done,flushed'] })) as ListMentionsQueryDto;
    expect(dto.status).toEqual(['new', 'done', 'flushed']);
  });

  it('leaves out what was not given', async () => {
    expect(toMentionListQuery((await parse({})) as ListMentionsQueryDto)).toEqual({});
  });

  it('treats an empty list as no filter', async () => {
    expect(((await parse({ status: '' })) as ListMentionsQueryDto).status).toEqual([]);
  });

  it.each([
    [{ sentiment: 'angry' }, 'each value in sentiment must be one of the following values: negative, neutral, positive'],
    [{ category: 'service,spam' }, 'each value in category must be one of the following values'],
    [{ status: 'closed' }, 'each value in status must be one of the following values'],
    [{ language: 'nl' }, 'each value in language must be one of the following values'],
    [{ sourceType: 'twitter' }, 'each value in sourceType must be one of the following values'],
    [{ brandChannel: 'email' }, 'each value in brandChannel must be one of the following values: direct_message, own_page, account_mention'],
    [{ sourceId: 'not-a-uuid' }, 'each value in sourceId must be a UUID'],
    [{ intent: 'rant' }, 'each value in intent must be one of the following values: complaint, question, praise, suggestion, incident, other'],
    [{ flushReason: 'boring' }, 'each value in flushReason must be one of the following values: spam, duplicate, off_topic, bot, no_action'],
    [{ topicId: 'fibra' }, 'each value in topicId must be a UUID'],
    [{ from: 'yesterday' }, 'from must be a valid ISO 8601 date string'],
    [{ to: '2026-13-01' }, 'to must be a valid ISO 8601 date string'],
    [{ sort: 'oldest' }, 'sort must be one of the following values: newest, priority'],
    [{ limit: '0' }, 'limit must not be less than 1'],
    [{ limit: '101' }, 'limit must not be greater than 100'],
    [{ limit: '2.5' }, 'limit must be an integer number'],
    [{ limit: 'ten' }, 'limit must be an integer number'],
    [{ cursor: 'x'.repeat(1025) }, 'cursor must be shorter than or equal to 1024 characters'],
    [{ q: 'x'.repeat(1001) }, 'q must be shorter than or equal to 1000 characters'],
    [{ q: ['a', 'b'] }, 'q must be a string'],
    [{ page: '2' }, 'property page should not exist'],
    [{ duplicateOf: '../_search' }, 'duplicateOf is not a mention id'],
    [{ duplicateOf: ['rss-1', 'rss-2'] }, 'duplicateOf is not a mention id'],
  ])('refuses %j', async (query, message) => {
    const messages = await messagesOf(query);
    expect(messages.some((m) => m.startsWith(message))).toBe(true);
  });
});

describe('ListMentionsQueryDto duplicateOf', () => {
  it('passes a group head id through to the domain query', async () => {
    const dto = (await parse({ duplicateOf: 'rss-0123456789abcdef0123456789abcdef' })) as ListMentionsQueryDto;
    expect(toMentionListQuery(dto)).toEqual({ duplicateOf: 'rss-0123456789abcdef0123456789abcdef' });
  });
});

describe(CountMentionsQueryDto.name, () => {
  it('needs since and takes the same filters', async () => {
    const dto = (await parse({ since: '2026-03-01T10:00:00Z', status: 'new' }, CountMentionsQueryDto)) as CountMentionsQueryDto;
    expect(dto.since).toBe('2026-03-01T10:00:00Z');
    expect(toMentionListQuery(dto)).toEqual({ status: ['new'] });
    expect(await messagesOf({}, CountMentionsQueryDto)).toContain('since must be a valid ISO 8601 date string');
  });

  it('has no paging parameters', async () => {
    expect(await messagesOf({ since: '2026-03-01T10:00:00Z', limit: '5' }, CountMentionsQueryDto)).toContain('property limit should not exist');
  });
});
