import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Req,
  Res,
  StreamableFile,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeEndpoint, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AllowsLinkCaller } from '../auth/link-access.decorator';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { Caller, WebhooksCaller } from '../auth/webhooks-caller';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { RequestBodyGuard } from '../security/request-body.guard';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';
import { loadUiAssets, UiAsset } from './ui-assets';
import { renderUiPage, UI_CONTENT_SECURITY_POLICY } from './ui-page';

export class UiLinkDto {
  @ApiProperty() subscriptionId: string;
  @ApiProperty({ description: "The endpoint's URL" }) url: string;
  @ApiProperty() allowPayloads: boolean;
  @ApiProperty() allowResend: boolean;
  @ApiProperty() expiresAt: Date;
}

export class UiCallerDto {
  @ApiProperty({ description: 'The caller id the module resolved' }) id: string;
  @ApiProperty({ description: 'Webhook Admin (true) or Webhook User (false)' }) isAdmin: boolean;
  @ApiPropertyOptional({
    type: UiLinkDto,
    description: 'Set when the caller holds an integrator link: the one endpoint it shows, and what it allows',
  })
  link?: UiLinkDto;
}

/**
 * The webhooks page: `GET /<routePrefix>/ui` (HTML shell), its assets, and `ui/me`, which the
 * page asks first to learn the caller's role (a guest gets the guard's 403 and no data).
 * Headers and bodies go through Nest's HTTP adapter, so the page is served alike on Express
 * and Fastify.
 */
@ApiTags('webhooks page')
@UseFilters(WebhooksErrorFilter)
@Controller('ui')
@UseGuards(RequestBodyGuard)
export class UiController {
  private assets?: Map<string, UiAsset>;

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly adapterHost: HttpAdapterHost,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Get()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', UI_CONTENT_SECURITY_POLICY)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'same-origin')
  @Header('Cache-Control', 'no-store')
  page(@Req() req: unknown): string {
    const assets = this.loaded();
    // The same handler answers `/webhooks/ui` and `/webhooks/ui/`; the host may add a global prefix.
    const url: string = this.adapterHost.httpAdapter.getRequestUrl(req);
    const pageBase = url.split('?')[0].replace(/\/+$/, '');
    const apiBase = pageBase.replace(/\/ui$/, '');
    const version = assets.get('app.js')!.etag.slice(1, 9);
    return renderUiPage(pageBase, apiBase, version);
  }

  @Get('me')
  @RequiresWebhookPermission('any')
  @AllowsLinkCaller()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({
    type: UiCallerDto,
    description: 'Who the page is talking for; 403 for a caller with neither permission',
  })
  async me(@Caller() caller: WebhooksCaller): Promise<UiCallerDto> {
    this.loaded();
    if (!caller.link) return { id: caller.id, isAdmin: caller.isAdmin };
    const { subscriptionId, allowPayloads, allowResend, expiresAt } = caller.link;
    const { url } = await this.subscriptions.findVisible(caller, subscriptionId);
    return { id: caller.id, isAdmin: false, link: { subscriptionId, url, allowPayloads, allowResend, expiresAt } };
  }

  @Get('assets/:file')
  @ApiExcludeEndpoint()
  asset(
    @Param('file') file: string,
    @Req() req: { headers: Record<string, string | string[] | undefined> },
    @Res() res: unknown,
  ): void {
    const found = this.loaded().get(file);
    if (!found) throw new NotFoundException();
    const http = this.adapterHost.httpAdapter;
    http.setHeader(res, 'Content-Type', found.type);
    http.setHeader(res, 'X-Content-Type-Options', 'nosniff');
    http.setHeader(res, 'ETag', found.etag);
    // The page asks for `?v=<hash>`: a new build changes the URL, so the old file may be kept a day.
    http.setHeader(res, 'Cache-Control', 'public, max-age=86400');
    if (req.headers['if-none-match'] === found.etag) return void http.reply(res, undefined, 304);
    // A StreamableFile, not the Buffer itself: Nest's Express adapter would send a Buffer as JSON.
    http.reply(res, new StreamableFile(found.body, { type: found.type, length: found.body.length }), 200);
  }

  /** The assets, loaded on first use; 404 for every route of the page when `ui` is off. */
  private loaded(): Map<string, UiAsset> {
    if (!this.options.ui) throw new NotFoundException(MESSAGES.uiDisabled);
    this.assets ??= loadUiAssets();
    return this.assets;
  }
}
