import { Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { Caller, WebhooksCaller } from '../auth/webhooks-caller';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { RequestBodyGuard } from '../security/request-body.guard';
import { RotatedSecretDto } from './dto/rotated-secret.dto';
import { SigningSecretService } from './signing-secret.service';

/** `POST /webhooks/subscriptions/:id/rotate-secret`; its path prefix is set by the module. */
@ApiTags('webhook subscriptions')
@UseFilters(WebhooksErrorFilter)
@Controller('subscriptions')
@UseGuards(RequestBodyGuard)
export class SigningSecretController {
  constructor(private readonly service: SigningSecretService) {}

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequiresWebhookPermission('admin')
  @ApiOkResponse({
    type: RotatedSecretDto,
    description: 'The new secret (shown here only); the old one signs too until previousSecretExpiresAt',
  })
  @ApiNotFoundResponse({ description: 'No such subscription' })
  @ApiConflictResponse({ description: 'Another rotation of the same subscription won; try again' })
  rotate(@Caller() caller: WebhooksCaller, @Param('id') id: string): Promise<RotatedSecretDto> {
    return this.service.rotate(caller, id);
  }
}
