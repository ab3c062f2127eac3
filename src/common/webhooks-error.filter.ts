import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import {
  CallerLimitExceededError,
  FieldProblem,
  WebhooksConflictError,
  WebhooksError,
  WebhooksForbiddenError,
  WebhooksNotFoundError,
  WebhooksUnauthorizedError,
  WebhooksValidationError,
} from '../webhooks.errors';

/** A 400 in Nest's shape whose `message` names each field at fault; `details` lists them. */
function badRequestOf(message: string, details: FieldProblem[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, details });
}

/** The HTTP answer of a domain error: the status and body Nest's own exceptions give. */
export function toHttpException(error: WebhooksError): HttpException {
  if (error instanceof WebhooksValidationError) return badRequestOf(error.message, error.problems);
  if (error instanceof WebhooksNotFoundError) return new NotFoundException(error.message);
  if (error instanceof WebhooksConflictError) {
    const { details, message } = error;
    return Object.keys(details).length
      ? new ConflictException({ statusCode: 409, error: 'Conflict', message, ...details })
      : new ConflictException(message);
  }
  if (error instanceof WebhooksForbiddenError) return new ForbiddenException(error.message);
  if (error instanceof WebhooksUnauthorizedError) return new UnauthorizedException(error.message);
  if (error instanceof CallerLimitExceededError)
    return new HttpException(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, message: error.message, error: 'Too Many Requests' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  return new BadRequestException(error.message);
}

/** What the filter needs of a response: `header()`, which Express's and Fastify's both have. */
interface HeaderResponse {
  header(name: string, value: string): unknown;
}

/**
 * Answers the domain errors of the module's services over HTTP, on the module's own
 * controllers (`@UseFilters`); the host's other routes and global filters are untouched.
 */
@Catch(WebhooksError)
export class WebhooksErrorFilter extends BaseExceptionFilter {
  override catch(error: WebhooksError, host: ArgumentsHost): void {
    if (error instanceof CallerLimitExceededError) {
      host.switchToHttp().getResponse<HeaderResponse>().header('Retry-After', String(error.retryAfterSeconds));
    }
    super.catch(toHttpException(error), host);
  }
}
