import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

/** An HD namespace id: no HL7 v2 delimiter (`| ^ ~ \ &`) and no control character, so MSH-5/6 read as written. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const HD_NAMESPACE = /^[^|^~\\&\u0000-\u001f\u007f]+$/;
const NO_DELIMITERS = 'must not contain | ^ ~ \\ & or control characters';

/**
 * Who receives an `hl7v2` subscription's messages: MSH-5 and MSH-6 of each message (empty when not set).
 *
 * @publicApi
 */
export class Hl7ReceiverDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 180,
    description: 'MSH-5 Receiving Application (HD namespace id), e.g. `EMR`',
    example: 'EMR',
  })
  @IsOptional()
  @IsString()
  @Length(1, 180)
  @Matches(HD_NAMESPACE, { message: `receivingApplication ${NO_DELIMITERS}` })
  receivingApplication?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 180,
    description: 'MSH-6 Receiving Facility (HD namespace id), e.g. `NORTH_CLINIC`',
    example: 'NORTH_CLINIC',
  })
  @IsOptional()
  @IsString()
  @Length(1, 180)
  @Matches(HD_NAMESPACE, { message: `receivingFacility ${NO_DELIMITERS}` })
  receivingFacility?: string | null;
}
