import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { EventQueryDto } from './event-query.dto';

/** Most entries of the page a poll may ask about. */
export const MAX_WATCHED_IDS = 100;

/**
 * `GET /webhooks/events/changes`: the log's filters, the `next` token of the previous poll,
 * and the entries the caller shows (to hear of their changes).
 *
 * @publicApi
 */
export class EventChangesQueryDto extends OmitType(EventQueryDto, ['cursor'] as const) {
  @ApiPropertyOptional({ description: 'Opaque: `next` of the previous answer; leave out on the first poll' })
  @IsOptional()
  @IsString({ message: 'after must be the next token of a previous answer' })
  @MaxLength(40, { message: 'after must be the next token of a previous answer' })
  after?: string;

  @ApiPropertyOptional({
    description: `Comma-separated ids of the entries the caller shows (at most ${MAX_WATCHED_IDS}): those changed since \`after\` come back in \`changed\``,
    example: '01a2…,01a2…',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @ArrayMaxSize(MAX_WATCHED_IDS, { message: `ids must list at most ${MAX_WATCHED_IDS} entries` })
  @IsUUID('all', { each: true, message: 'ids must be entry ids separated by commas' })
  ids?: string[];
}
