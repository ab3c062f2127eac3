import {
  CallerLimitExceededError,
  invalid,
  WebhooksBadRequestError,
  WebhooksConflictError,
  WebhooksForbiddenError,
  WebhooksNotFoundError,
  WebhooksUnauthorizedError,
  WebhooksValidationError,
} from '../webhooks.errors';
import { toHttpException } from './webhooks-error.filter';

const answer = (e: Parameters<typeof toHttpException>[0]) => {
  const http = toHttpException(e);
  return { status: http.getStatus(), body: http.getResponse() };
};

describe('toHttpException: each domain error answers as Nest would', () => {
  it.each([
    [
      new WebhooksNotFoundError('Event x not found'),
      404,
      { statusCode: 404, error: 'Not Found', message: 'Event x not found' },
    ],
    [new WebhooksConflictError('taken'), 409, { statusCode: 409, error: 'Conflict', message: 'taken' }],
    [
      new WebhooksConflictError('moved', { urlChanges: [{ from: 'a', to: 'b', count: 1 }] }),
      409,
      { statusCode: 409, error: 'Conflict', message: 'moved', urlChanges: [{ from: 'a', to: 'b', count: 1 }] },
    ],
    [new WebhooksBadRequestError('reversed'), 400, { statusCode: 400, error: 'Bad Request', message: 'reversed' }],
    [new WebhooksForbiddenError('no'), 403, { statusCode: 403, error: 'Forbidden', message: 'no' }],
    [new WebhooksUnauthorizedError('who'), 401, { statusCode: 401, error: 'Unauthorized', message: 'who' }],
    [
      new CallerLimitExceededError('slow down', 7),
      429,
      { statusCode: 429, error: 'Too Many Requests', message: 'slow down' },
    ],
    [
      invalid('url', 'url must use http or https'),
      400,
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'url must use http or https',
        details: [{ field: 'url', message: 'url must use http or https' }],
      },
    ],
  ])('%s', (error, status, body) => {
    expect(answer(error)).toEqual({ status, body });
  });

  it('names five problems and counts the rest', () => {
    const problems = Array.from({ length: 8 }, (_, i) => ({ field: `f${i}`, message: `f${i} is wrong` }));
    const { body } = answer(new WebhooksValidationError(problems));
    expect(body).toMatchObject({
      message: 'f0 is wrong; f1 is wrong; f2 is wrong; f3 is wrong; f4 is wrong; and 3 more problems',
    });
    expect((body as { details: unknown[] }).details).toHaveLength(6);
  });
});
