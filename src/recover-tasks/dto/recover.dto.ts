import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { Instant, OptionalOneOf, OptionalUuid } from '../../common/query-filters';
import { ConfirmNewUrlField } from '../../event-log/dto/resend.dto';
import { WEBHOOK_EVENT_TYPES } from '../../event-types/event-types';

/** Statuses a recover may select: entries that have ended. */
export const RECOVERABLE_STATUSES = ['failed', 'canceled', 'succeeded'] as const;

/** At most this many entries per task. */
export const MAX_RECOVER_ENTRIES = 10_000;

export class RecoverEventsDto {
  @ApiProperty({
    format: 'date-time',
    description: 'Entries created at or after this instant; within retention',
    example: '2026-01-30T18:00:00Z',
  })
  @Instant('since')
  since: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Entries created before this instant (exclusive); default: now',
  })
  @Instant('until')
  until?: string;

  @OptionalUuid('subscriptionId', {
    description: "Only this endpoint's entries; default: every active endpoint the caller may see",
  })
  subscriptionId?: string;

  @OptionalOneOf('eventType', WEBHOOK_EVENT_TYPES)
  eventType?: string;

  @OptionalOneOf('status', RECOVERABLE_STATUSES, { default: 'failed' })
  status?: (typeof RECOVERABLE_STATUSES)[number];

  @ConfirmNewUrlField()
  confirmNewUrl?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Only count what would be recovered; no task is started' })
  @IsOptional()
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class RecoverResultDto {
  @ApiProperty({ nullable: true, type: String, description: 'The task queueing the entries; null for a dry run' })
  taskId: string | null;
  @ApiProperty({
    description: `Entries that match; a task queues at most ${MAX_RECOVER_ENTRIES} of them, oldest first`,
  })
  matched: number;
}

export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['recover'] }) kind: 'recover';
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status: string;
  @ApiProperty({ description: 'Entries the task will queue' }) total: number;
  @ApiProperty({ description: 'Entries queued so far' }) queued: number;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it failed' }) error: string | null;
}
