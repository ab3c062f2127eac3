import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min, ValidateIf } from 'class-validator';
import { FHIR_PAYLOAD_CONTENTS, FhirPayloadContent } from '../../persistence/webhook-subscription.entity';

/** One day: a longer silence than that is no heartbeat. */
export const MAX_HEARTBEAT_SECONDS = 86_400;

/**
 * What a `fhir-r4` subscription's notifications carry, and how often it hears from a quiet lab.
 *
 * @publicApi
 */
export class FhirSettingsDto {
  @ApiPropertyOptional({
    enum: FHIR_PAYLOAD_CONTENTS,
    default: 'id-only',
    description:
      "`empty`: event numbers only; `id-only`: a reference to each event's focus resource (the least patient data that names it); " +
      '`full-resource`: the resource itself (only when the lab supplies resources)',
  })
  @ValidateIf((_o, v) => v !== undefined)
  @IsIn(FHIR_PAYLOAD_CONTENTS as unknown as string[], {
    message: `fhir.payloadContent must be one of: ${FHIR_PAYLOAD_CONTENTS.join(', ')}`,
  })
  payloadContent?: FhirPayloadContent;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 60,
    maximum: MAX_HEARTBEAT_SECONDS,
    description: 'A `heartbeat` notification after this many seconds without one; null: no heartbeat',
  })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsInt({ message: 'fhir.heartbeatPeriodSeconds must be a whole number of seconds' })
  @Min(60, { message: 'fhir.heartbeatPeriodSeconds must be at least 60' })
  @Max(MAX_HEARTBEAT_SECONDS, { message: `fhir.heartbeatPeriodSeconds must be at most ${MAX_HEARTBEAT_SECONDS}` })
  heartbeatPeriodSeconds?: number | null;
}
