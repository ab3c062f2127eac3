import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, ForbiddenException, Get, Header, Inject, Req, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { register } from 'prom-client';
import { WebhooksPrincipal } from '../src';

/** `METRICS_TOKEN`: a scraper's bearer token, or undefined (Webhook Admins only). */
export const METRICS_TOKEN = Symbol('example:metrics-token');

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics`: prom-client's global registry, where WebhooksModule counts by default. Not
 * open: the figures tell an outsider which events a lab sends and how its receivers fare. A
 * scraper sends `Authorization: Bearer <METRICS_TOKEN>`; a Webhook Admin's own credentials do too.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_TOKEN) private readonly token: string | undefined) {}

  @Get()
  @Header('content-type', register.contentType)
  metrics(@Req() req: { user?: WebhooksPrincipal; headers: Record<string, string | undefined> }): Promise<string> {
    if (!this.isScraper(req.headers.authorization) && !req.user?.permissions.includes('Webhook Admin')) {
      if (!req.user && !req.headers.authorization) throw new UnauthorizedException('Authentication required');
      throw new ForbiddenException('Only a Webhook Admin or the metrics token may read /metrics');
    }
    return register.metrics();
  }

  private isScraper(authorization: string | undefined): boolean {
    const match = /^Bearer (.+)$/.exec(authorization ?? '');
    // Compared as digests: equal lengths, and no early exit that times the token out.
    return !!this.token && !!match && timingSafeEqual(digest(match[1]), digest(this.token));
  }
}
