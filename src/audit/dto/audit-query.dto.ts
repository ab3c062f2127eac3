import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { Instant, OptionalOneOf, OptionalUuid } from '../../common/query-filters';
import { AUDIT_ACTIONS, AuditAction } from '../audit-actions';

/**
 * Filters of `GET /webhooks/audit`; each narrows an index range (see docs/event-log.md, "Audit trail").
 * @publicApi
 */
export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only what this caller did (`system`: what the module did on its own)' })
  @IsOptional()
  @IsString({ message: 'actorId must be a string' })
  @Length(1, 191, { message: 'actorId must be 1 to 191 characters' })
  actorId?: string;

  @OptionalOneOf('action', AUDIT_ACTIONS)
  action?: AuditAction;

  @OptionalUuid('subscriptionId', { description: 'Only rows about this subscription' })
  subscriptionId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Rows at or after this instant (ISO 8601, with a zone)',
    example: '2026-01-01T00:00:00Z',
  })
  @Instant('since')
  since?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Rows before this instant (exclusive; ISO 8601, with a zone)',
    example: '2026-01-31T00:00:00Z',
  })
  @Instant('until')
  until?: string;
}
