import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** The periods a chart draws: the last 24 hours by hour, the last 30 days by day. */
export const CHART_PERIODS = { '24h': { hours: 24, bucket: 'hour' }, '30d': { hours: 720, bucket: 'day' } } as const;
export type ChartPeriod = keyof typeof CHART_PERIODS;

export class DeliveryChartQueryDto {
  @ApiPropertyOptional({
    enum: Object.keys(CHART_PERIODS),
    default: '24h',
    description: '`24h`: the last 24 hours, one bar an hour; `30d`: the last 30 days, one bar a day',
  })
  @IsOptional()
  @IsIn(Object.keys(CHART_PERIODS), { message: 'period must be one of: 24h, 30d' })
  period?: ChartPeriod;

  @ApiPropertyOptional({
    minimum: -720,
    maximum: 840,
    default: 0,
    description:
      "The viewer's offset from UTC in minutes (+60 for UTC+1), so hours and days start at the viewer's midnight",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'utcOffset must be a whole number of minutes' })
  @Min(-720, { message: 'utcOffset must be between -720 and 840 minutes' })
  @Max(840, { message: 'utcOffset must be between -720 and 840 minutes' })
  utcOffset?: number;
}

/** Entries of one bar (or of the whole period), by what became of them. */
export class ChartCountsDto {
  @ApiProperty() succeeded: number;
  @ApiProperty() failed: number;
  @ApiProperty({ description: 'pending or retrying: not yet ended' }) waiting: number;
  @ApiProperty() canceled: number;
}

export class ChartBucketDto extends ChartCountsDto {
  @ApiProperty({ description: 'Start of the bar: the hour or day, or the start of the period for the first bar' })
  start: Date;
}

/**
 * Entries created in the period, by hour or day and by current status. The totals equal the
 * counts of `GET .../stats?hours=24` (or `720`) over the same window.
 */
export class DeliveryChartDto {
  @ApiProperty({ enum: Object.keys(CHART_PERIODS) }) period: ChartPeriod;
  @ApiProperty({ enum: ['hour', 'day'] }) bucket: 'hour' | 'day';
  @ApiProperty({ description: 'Start of the period (inclusive)' }) since: Date;
  @ApiProperty({ description: 'End of the period: when the counts were read' }) until: Date;
  @ApiProperty({ type: [ChartBucketDto], description: 'Oldest first; every hour or day of the period, empty ones too' })
  buckets: ChartBucketDto[];
  @ApiProperty({ type: ChartCountsDto }) totals: ChartCountsDto;
}
