import { LoggerService } from '@nestjs/common';

/** Keeps every line the app logs, at every level. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private keep =
    (level: string) =>
    (...args: unknown[]) =>
      void this.lines.push(
        `${level} ${args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`,
      );
  log = this.keep('log');
  error = this.keep('error');
  warn = this.keep('warn');
  debug = this.keep('debug');
  verbose = this.keep('verbose');
  fatal = this.keep('fatal');
}
