import { HttpErrorResponse } from '@angular/common/http';

import { apiErrorMessage, markQuery, topicQueryProblem } from './topic-query-error';

describe('markQuery', () => {
  it('splits the query around the character at the position', () => {
    expect(markQuery('apple AND', 6)).toEqual({ before: 'apple ', at: 'A', after: 'ND' });
    expect(markQuery('"rete lenta"~x', 12)).toEqual({ before: '"rete lenta"', at: '~', after: 'x' });
  });

  it('marks nothing but the end when the problem is after the last character', () => {
    expect(markQuery('apple (iphone', 13)).toEqual({ before: 'apple (iphone', at: '', after: '' });
    // A position past the end (a too-long query) is clamped instead of cutting text off.
    expect(markQuery('abc', 99)).toEqual({ before: 'abc', at: '', after: '' });
    expect(markQuery('abc', -2)).toEqual({ before: '', at: 'a', after: 'bc' });
  });

  it('never splits an emoji in half', () => {
    expect(markQuery('a 😀* b', 2)).toEqual({ before: 'a ', at: '😀', after: '* b' });
  });
});

describe('topicQueryProblem', () => {
  const error = (status: number, body: unknown) => new HttpErrorResponse({ status, error: body });

  it('reads position and reason from a 400 about the query', () => {
    expect(
      topicQueryProblem(error(400, { statusCode: 400, error: 'Bad Request', message: 'x', position: 3, reason: 'empty phrase' })),
    ).toEqual({
      position: 3,
      reason: 'empty phrase',
    });
  });

  it('is null for other failures', () => {
    expect(topicQueryProblem(error(400, { statusCode: 400, message: ['name must be shorter'] }))).toBeNull();
    expect(topicQueryProblem(error(409, { statusCode: 409, position: 1, reason: 'x' }))).toBeNull();
    expect(topicQueryProblem(error(0, null))).toBeNull();
    expect(topicQueryProblem(new Error('boom'))).toBeNull();
  });
});

describe('apiErrorMessage', () => {
  it('gives the message of an API error body as one line', () => {
    expect(apiErrorMessage(new HttpErrorResponse({ status: 409, error: { message: 'A topic named "x" already exists' } }))).toBe(
      'A topic named "x" already exists',
    );
    expect(apiErrorMessage(new HttpErrorResponse({ status: 400, error: { message: ['a', 'b'] } }))).toBe('a; b');
    expect(apiErrorMessage(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }))).toBeNull();
  });
});
