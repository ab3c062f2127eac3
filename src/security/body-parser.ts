import { BadRequestException } from '@nestjs/common';
import { DEFAULT_OPTIONS } from '../webhooks-options';

/**
 * What `useWebhooksBodyParser` needs of the host app: a `NestExpressApplication` or a
 * `NestFastifyApplication`.
 *
 * @publicApi
 */
export interface WebhooksBodyParserHost {
  /** Nest's HTTP adapter; its type (`express` or `fastify`) picks the parser. */
  getHttpAdapter?(): { getType(): string };
  useBodyParser(...args: any[]): unknown;
  use(...handlers: any[]): unknown;
}

/**
 * The Express form of `WebhooksBodyParserHost` (what the helper needed before it knew Fastify).
 *
 * @publicApi
 */
export type ExpressBodyParserHost = WebhooksBodyParserHost;

const NOT_JSON = 'The request body is not valid JSON';

/** body-parser's error types whose message may quote the request body. */
const QUOTING_ERRORS = new Set(['entity.parse.failed']);

/**
 * Installs the host's JSON body parser the way the module needs it (call before `listen`/`init`),
 * on Express and on Fastify alike: a limit of `limitBytes` (by default the module's default
 * `maxRequestBodyBytes`; the module's routes refuse more anyway, with 413), and parse errors that
 * do not quote the body. Node's JSON errors quote the text near the fault, and in a webhook
 * subscription that text may be a password; Nest answers the 400 with that message.
 *
 * @publicApi
 */
export function useWebhooksBodyParser(
  app: WebhooksBodyParserHost,
  limitBytes = DEFAULT_OPTIONS.maxRequestBodyBytes,
): void {
  if (app.getHttpAdapter?.().getType() === 'fastify') useFastifyJson(app, limitBytes);
  else useExpressJson(app, limitBytes);
}

function useExpressJson(app: WebhooksBodyParserHost, limitBytes: number): void {
  app.useBodyParser('json', { limit: limitBytes });
  app.use((err: any, _req: unknown, _res: unknown, next: (err?: unknown) => void) => {
    if (err && QUOTING_ERRORS.has(err.type)) {
      err.message = NOT_JSON;
      delete err.body;
    }
    next(err);
  });
}

/**
 * Fastify's own JSON parser quotes the body in its errors too, and refuses an empty body that
 * Express's reads as `{}`. This one parses as Express's does; prototype keys are left to the
 * module's `RequestBodyGuard`, which names the field (Fastify's would answer without a name).
 */
function useFastifyJson(app: WebhooksBodyParserHost, limitBytes: number): void {
  type Done = (err: Error | null, body?: unknown) => void;
  app.useBodyParser('application/json', { bodyLimit: limitBytes }, (_req: unknown, body: Buffer, done: Done) => {
    const text = body.toString('utf8');
    if (text.trim() === '') return done(null, {});
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(new BadRequestException(NOT_JSON));
    }
    done(null, parsed);
  });
}
