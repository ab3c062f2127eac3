import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { Caller, WebhooksCaller } from '../auth/webhooks-caller';
import { webhooksValidationPipe } from '../common/validation.pipe';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { RequestBodyGuard } from '../security/request-body.guard';
import { CreatedIntegratorLinkDto, CreateIntegratorLinkDto, IntegratorLinkDto } from './dto/integrator-link.dto';
import { IntegratorLinksService } from './integrator-links.service';

/** What the page's address is made of (Express and Fastify requests both have these). */
interface LinkRequest {
  protocol?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Integrator links of a subscription: a Webhook Admin creates, lists and revokes them. */
@ApiTags('webhook integrator links')
@UseFilters(WebhooksErrorFilter)
@Controller()
@UsePipes(webhooksValidationPipe)
@RequiresWebhookPermission('admin')
@UseGuards(RequestBodyGuard)
export class IntegratorLinksController {
  constructor(
    private readonly links: IntegratorLinksService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** The page's address, from this request's own: `<scheme>://<host>/<prefix>/ui` (a host's global prefix kept). */
  private pageAddress(req: LinkRequest): string {
    const url: string = this.adapterHost.httpAdapter.getRequestUrl(req);
    const path = url.split('?')[0].replace(/\/subscriptions\/[^/]+\/links\/?$/, '/ui');
    const host = Array.isArray(req.headers.host) ? req.headers.host[0] : req.headers.host;
    return `${req.protocol ?? 'http'}://${host}${path}`;
  }

  @Post('subscriptions/:id/links')
  @ApiCreatedResponse({ type: CreatedIntegratorLinkDto, description: 'The url is shown this once' })
  @ApiBadRequestResponse({ description: 'A field is invalid; the message names it' })
  @ApiNotFoundResponse({ description: 'No such subscription' })
  async create(
    @Caller() caller: WebhooksCaller,
    @Param('id') id: string,
    @Body() dto: CreateIntegratorLinkDto,
    @Req() req: LinkRequest,
  ): Promise<CreatedIntegratorLinkDto> {
    const { link, token } = await this.links.create(caller, id, dto);
    // In the fragment: browsers never send it to a server, nor in a Referer.
    return { id: link.id, url: `${this.pageAddress(req)}#link=${token}`, expiresAt: link.expiresAt };
  }

  @Get('subscriptions/:id/links')
  @ApiOkResponse({ type: [IntegratorLinkDto], description: 'Newest first, with their status; never a token' })
  @ApiNotFoundResponse({ description: 'No such subscription' })
  list(@Caller() caller: WebhooksCaller, @Param('id') id: string): Promise<IntegratorLinkDto[]> {
    return this.links.list(caller, id);
  }

  @Delete('links/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: the next request with its token is refused' })
  @ApiNotFoundResponse({ description: 'No such link' })
  async revoke(@Caller() caller: WebhooksCaller, @Param('id') id: string): Promise<void> {
    await this.links.revoke(caller, id);
  }
}
