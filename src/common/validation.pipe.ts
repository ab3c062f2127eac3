import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { FieldProblem, MAX_REPORTED_PROBLEMS, WebhooksValidationError } from '../webhooks.errors';
import { toHttpException } from './webhooks-error.filter';

/** An unknown field's name is quoted up to this length. */
const MAX_QUOTED_NAME = 64;

/** The pipe answers over HTTP itself: a 400 naming each field at fault (see `WebhooksValidationError`). */
const invalidFields = (problems: FieldProblem[], total = problems.length) =>
  toHttpException(new WebhooksValidationError(problems, total));

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: parent ? `${parent}.${message}` : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * The module's own pipe, so its routes validate the same whatever the host's global pipe:
 * unknown fields refused, every message names its field.
 */
class WebhooksValidationPipe extends ValidationPipe {
  private readonly known = new WeakMap<object, Set<string>>();

  /**
   * Unknown top-level fields are found in one pass over the body's keys, before class-validator
   * copies and validates the body (which, for 100 000 unknown keys, blocks the event loop for
   * seconds and answers megabytes).
   */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metatype && this.toValidate(metadata) && value && typeof value === 'object' && !Array.isArray(value)) {
      const known = this.knownFields(metatype);
      const problems: FieldProblem[] = [];
      let total = 0;
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key) || known.has(key)) continue;
        total++;
        if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(unknownField(key));
      }
      if (total > 0) throw invalidFields(problems, total);
    }
    return super.transform(value, metadata);
  }

  /** The properties class-validator whitelists for a DTO: those with any validation metadata. */
  private knownFields(metatype: object): Set<string> {
    let known = this.known.get(metatype);
    if (!known) {
      const rules = getMetadataStorage().getTargetValidationMetadatas(metatype as new () => object, '', true, false);
      known = new Set(rules.map((r) => r.propertyName));
      this.known.set(metatype, known);
    }
    return known;
  }
}

function unknownField(key: string): FieldProblem {
  const name = key.length > MAX_QUOTED_NAME ? `${key.slice(0, MAX_QUOTED_NAME)}...` : key;
  return { field: name, message: `property ${name} should not exist` };
}

export const webhooksValidationPipe = new WebhooksValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: true,
  exceptionFactory: (errors) => invalidFields(flatten(errors)),
});
