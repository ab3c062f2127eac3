import { DEFAULT_OPTIONS } from '../webhooks-options';

/**
 * What `useWebhooksBodyParser` needs of the host app: a `NestExpressApplication`.
 *
 * @publicApi
 */
export interface ExpressBodyParserHost {
  useBodyParser(parser: 'json', options?: { limit?: number | string }): unknown;
  use(...handlers: unknown[]): unknown;
}

/** body-parser's error types whose message may quote the request body. */
const QUOTING_ERRORS = new Set(['entity.parse.failed']);

/**
 * Installs the host's JSON body parser the way the module needs it (call before `listen`/`init`):
 * a limit of `limitBytes` (by default the module's default `maxRequestBodyBytes`; the module's
 * routes refuse more anyway, with 413), and parse errors that do not quote the body. Node's JSON errors quote the text near the fault, and in a
 * webhook subscription that text may be a password; Nest answers the 400 with that message.
 *
 * @publicApi
 */
export function useWebhooksBodyParser(
  app: ExpressBodyParserHost,
  limitBytes = DEFAULT_OPTIONS.maxRequestBodyBytes,
): void {
  app.useBodyParser('json', { limit: limitBytes });
  app.use((err: any, _req: unknown, _res: unknown, next: (err?: unknown) => void) => {
    if (err && QUOTING_ERRORS.has(err.type)) {
      err.message = 'The request body is not valid JSON';
      delete err.body;
    }
    next(err);
  });
}
