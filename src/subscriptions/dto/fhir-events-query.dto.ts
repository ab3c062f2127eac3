import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const EVENT_NUMBER = /^[1-9][0-9]{0,17}$/;

/**
 * Query of `GET /webhooks/subscriptions/:id/$events`: a range of event numbers, both ends included.
 *
 * @publicApi
 */
export class FhirEventsQueryDto {
  @ApiPropertyOptional({ example: '41', description: 'The first event number wanted (default 1)' })
  @IsOptional()
  @Matches(EVENT_NUMBER, { message: 'eventsSinceNumber must be a whole number from 1' })
  eventsSinceNumber?: string;

  @ApiPropertyOptional({
    example: '60',
    description: 'The last event number wanted (default: the latest); at most 100 events per answer',
  })
  @IsOptional()
  @Matches(EVENT_NUMBER, { message: 'eventsUntilNumber must be a whole number from 1' })
  eventsUntilNumber?: string;
}
