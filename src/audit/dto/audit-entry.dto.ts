import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, AuditAction } from '../audit-actions';

/** @publicApi */
export class UrlChangeDto {
  @ApiProperty({ description: "The URL of the entries' last attempt" }) from: string;
  @ApiProperty({ description: "The endpoint's URL they are sent to now" }) to: string;
  @ApiProperty({ description: 'How many entries' }) count: number;
}

/**
 * One row of the audit trail.
 * @publicApi
 */
export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'When it happened' }) at: Date;
  @ApiProperty({ description: "Who did it: the caller's id, or `system`" }) actorId: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: AuditAction;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The subscription concerned, when one is' })
  subscriptionId: string | null;
  @ApiProperty({ type: [String], description: 'Event-log entries concerned, up to 100' }) deliveryIds: string[];
  @ApiProperty({ description: 'How many entries in all (may exceed the ids listed)' }) count: number;
  @ApiProperty({ nullable: true, type: [String], description: 'Names of the fields changed, never their values' })
  changes: string[] | null;
  @ApiProperty({
    nullable: true,
    type: [UrlChangeDto],
    description: '`events.redirected`: entries last sent to `from`, sent now to `to` (confirmed by the caller)',
  })
  urlChanges: UrlChangeDto[] | null;
}

/** @publicApi */
export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
