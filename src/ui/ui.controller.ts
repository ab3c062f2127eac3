import { Controller, Get, Header, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { Caller, WebhooksCaller } from '../auth/webhooks-caller';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';
import { loadUiAssets, UiAsset } from './ui-assets';
import { renderUiPage, UI_CONTENT_SECURITY_POLICY } from './ui-page';

export class UiCallerDto {
  @ApiProperty({ description: 'The caller id the module resolved' }) id: string;
  @ApiProperty({ description: 'Webhook Admin (true) or Webhook User (false)' }) isAdmin: boolean;
}

interface PageRequest {
  path: string;
}
interface PageResponse {
  status(code: number): PageResponse;
  setHeader(name: string, value: string): void;
  end(body?: Buffer | string): void;
}

/**
 * The webhooks page: `GET /<routePrefix>/ui` (HTML shell), its assets, and `ui/me`, which the
 * page asks first to learn the caller's role (a guest gets the guard's 403 and no data).
 */
@ApiTags('webhooks page')
@Controller('ui')
export class UiController {
  private assets?: Map<string, UiAsset>;

  constructor(@Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions) {}

  @Get()
  @ApiExcludeEndpoint()
  page(@Req() req: PageRequest, @Res() res: PageResponse): void {
    const assets = this.loaded();
    // The same handler answers `/webhooks/ui` and `/webhooks/ui/`; the host may add a global prefix.
    const pageBase = req.path.replace(/\/+$/, '');
    const apiBase = pageBase.replace(/\/ui$/, '');
    const version = assets.get('app.js')!.etag.slice(1, 9);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', UI_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).end(renderUiPage(pageBase, apiBase, version));
  }

  @Get('me')
  @RequiresWebhookPermission('any')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({
    type: UiCallerDto,
    description: 'Who the page is talking for; 403 for a caller with neither permission',
  })
  me(@Caller() caller: WebhooksCaller): UiCallerDto {
    this.loaded();
    return { id: caller.id, isAdmin: caller.isAdmin };
  }

  @Get('assets/:file')
  @ApiExcludeEndpoint()
  asset(
    @Param('file') file: string,
    @Req() req: { headers: Record<string, string | undefined> },
    @Res() res: PageResponse,
  ): void {
    const found = this.loaded().get(file);
    if (!found) throw new NotFoundException();
    res.setHeader('Content-Type', found.type);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('ETag', found.etag);
    // The page asks for `?v=<hash>`: a new build changes the URL, so the old file may be kept a day.
    res.setHeader('Cache-Control', 'public, max-age=86400');
    if (req.headers['if-none-match'] === found.etag) return res.status(304).end();
    res.status(200).end(found.body);
  }

  /** The assets, loaded on first use; 404 for every route of the page when `ui` is off. */
  private loaded(): Map<string, UiAsset> {
    if (!this.options.ui) throw new NotFoundException(MESSAGES.uiDisabled);
    this.assets ??= loadUiAssets();
    return this.assets;
  }
}
