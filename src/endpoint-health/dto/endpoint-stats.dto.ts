import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_STATS_HOURS = 720;

export class EndpointStatsQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_STATS_HOURS,
    default: 24,
    description: 'The window: entries created in the last `hours` hours',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'hours must be a whole number of hours' })
  @Min(1, { message: `hours must be between 1 and ${MAX_STATS_HOURS}` })
  @Max(MAX_STATS_HOURS, { message: `hours must be between 1 and ${MAX_STATS_HOURS}` })
  hours?: number;
}

export class StatusCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() retrying: number;
  @ApiProperty() succeeded: number;
  @ApiProperty() failed: number;
  @ApiProperty() canceled: number;
}

/** How an endpoint has been doing: its entries of the window, by status, and how fast it answers. */
export class EndpointStatsDto {
  @ApiProperty() hours: number;
  @ApiProperty({ description: 'Start of the window (inclusive)' }) since: Date;
  @ApiProperty({ type: StatusCountsDto, description: 'Entries created in the window, by current status' })
  counts: StatusCountsDto;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'succeeded / (succeeded + failed), 0..1; null when none of the window has ended either way',
  })
  successRate: number | null;
  @ApiProperty({
    nullable: true,
    type: Date,
    description: 'When the newest entry (within retention) that succeeded did so',
  })
  lastSuccessAt: Date | null;
  @ApiProperty({
    nullable: true,
    type: Date,
    description: 'When its entries began to end `failed` with no success since; null while healthy',
  })
  failingSince: Date | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: "Median duration of the attempts of the window's newest 10 000 entries",
  })
  p50DurationMs: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '95th percentile of the same attempts' }) p95DurationMs:
    number | null;
}
