import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { TopicQueryError } from '@ascolto/nlp';
import { InvalidQueryError } from '@ascolto/search';
import { toErrorBody } from './api-exception.filter';

describe(toErrorBody.name, () => {
  it('turns a malformed search query into a 400 with its position', () => {
    expect(toErrorBody(new InvalidQueryError('Unclosed quote', 7))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Unclosed quote',
      position: 7,
    });
    expect(toErrorBody(new InvalidQueryError('Bad cursor'))).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Bad cursor' });
  });

  it('turns a malformed topic query into a 400 with its position and reason', () => {
    expect(toErrorBody(new TopicQueryError('unclosed quote', 5))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'unclosed quote (at position 5)',
      position: 5,
      reason: 'unclosed quote',
    });
  });

  it('keeps the status and messages of HTTP exceptions', () => {
    expect(toErrorBody(new BadRequestException(['name must be a string']))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['name must be a string'],
    });
    expect(toErrorBody(new NotFoundException('Mention x not found'))).toMatchObject({ statusCode: 404, message: 'Mention x not found' });
    expect(toErrorBody(new ThrottlerException('slow down'))).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });

  it('maps a search cluster that cannot be reached to 503', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED'), { name: 'ConnectionError' });
    expect(toErrorBody(error)).toMatchObject({ statusCode: 503 });
  });

  it('hides the details of unexpected errors', () => {
    expect(toErrorBody(new Error('password=hunter2 in a driver message'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
  });
});
