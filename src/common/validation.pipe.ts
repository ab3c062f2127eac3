import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  message: string;
}

/** A 400 in Nest's shape whose `message` names each field at fault; `details` lists them. */
export function invalidFields(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => p.message).join('; '),
    details: problems,
  });
}

/** A 400 for one field: `invalid('url', 'url must use http or https')`. */
export const invalid = (field: string, message: string) => invalidFields([{ field, message }]);

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
export const webhooksValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: true,
  exceptionFactory: (errors) => invalidFields(flatten(errors)),
});
