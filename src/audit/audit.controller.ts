import { Controller, Get, Query, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { webhooksValidationPipe } from '../common/validation.pipe';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { RequestBodyGuard } from '../security/request-body.guard';
import { AuditLogService } from './audit-log.service';
import { AuditPageDto } from './dto/audit-entry.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

/** The audit trail: who did what and when (admins only). */
@ApiTags('webhook audit trail')
@UseFilters(WebhooksErrorFilter)
@Controller('audit')
@UsePipes(webhooksValidationPipe)
@RequiresWebhookPermission('admin')
@UseGuards(RequestBodyGuard)
export class AuditController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto, description: 'Newest first, within `auditRetentionDays`' })
  @ApiBadRequestResponse({ description: 'A filter is invalid; the message names it' })
  list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
