import { ApiProperty } from '@nestjs/swagger';

/**
 * The answer of a secret rotation: the only place the new secret is ever shown.
 *
 * @publicApi
 */
export class RotatedSecretDto {
  @ApiProperty({ description: 'New Standard Webhooks signing secret (`whsec_...`); shown here only' })
  signingSecret: string;

  @ApiProperty({
    description: 'Until when the previous secret keeps signing beside the new one (both signatures are sent)',
  })
  previousSecretExpiresAt: Date;
}
