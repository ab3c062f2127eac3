import { ApiProperty } from '@nestjs/swagger';
import { EventDto } from './event.dto';

/** What happened in the log since the previous poll. @publicApi */
export class EventChangesDto {
  @ApiProperty({
    description:
      'true: `items` is the first page as it is now (the first poll, or more new entries than a page): draw it afresh',
  })
  reset: boolean;

  @ApiProperty({
    type: [EventDto],
    description: 'Newest first: entries created since `after`, other than those of `ids`',
  })
  items: EventDto[];

  @ApiProperty({ type: [EventDto], description: 'Of `ids`, the entries that changed since `after`' })
  changed: EventDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'With `reset`: the cursor of the next older page (as `GET /events`)',
  })
  nextCursor: string | null;

  @ApiProperty({ description: 'Pass as `after` on the next poll' })
  next: string;
}
