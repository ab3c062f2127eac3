import { ApiProperty } from '@nestjs/swagger';

/** What the receiver answered to a test delivery, or why it got none. */
export class TestDeliveryResultDto {
  @ApiProperty({ description: 'True for a 2xx within `deliveryTimeoutMs`' }) ok: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status; null when no response came' }) status:
    number | null;
  @ApiProperty({ description: 'Time to the end of the response (or the failure)' }) durationMs: number;
  @ApiProperty({ nullable: true, type: String, description: 'Response body, capped at `responseBodyLimitBytes`' })
  responseBody: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why it failed: `HTTP 500`, `timeout`, `connection refused`, `destination blocked`, ...',
  })
  error: string | null;
}
