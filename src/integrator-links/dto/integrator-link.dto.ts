import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Longest an integrator link may live: 7 days. */
export const MAX_LINK_HOURS = 168;

/** Body of `POST /<prefix>/subscriptions/:id/links`. */
export class CreateIntegratorLinkDto {
  @ApiProperty({ minimum: 1, maximum: MAX_LINK_HOURS, example: 72, description: 'Hours until the link stops working' })
  @IsDefined({ message: 'expiresInHours is required' })
  @IsInt({ message: 'expiresInHours must be a whole number of hours' })
  @Min(1, { message: `expiresInHours must be between 1 and ${MAX_LINK_HOURS}` })
  @Max(MAX_LINK_HOURS, { message: `expiresInHours must be between 1 and ${MAX_LINK_HOURS}` })
  expiresInHours: number;

  @ApiPropertyOptional({ default: false, description: 'Whoever opens the link sees payload bodies' })
  @IsOptional()
  @IsBoolean({ message: 'allowPayloads must be true or false' })
  allowPayloads?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: "Whoever opens the link may resend the endpoint's failed entries",
  })
  @IsOptional()
  @IsBoolean({ message: 'allowResend must be true or false' })
  allowResend?: boolean;

  @ApiPropertyOptional({ maxLength: 200, example: 'For J. Smith, St. Mary interface team (ticket 4411)' })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(200, { message: 'note must be at most 200 characters' })
  note?: string;
}

/** `201` of `POST /<prefix>/subscriptions/:id/links`: the only time the url (with its token) is shown. */
export class CreatedIntegratorLinkDto {
  @ApiProperty() id: string;
  @ApiProperty({
    description: "The page's address with the token in its fragment (`…/ui#link=<token>`); shown once, stored hashed",
  })
  url: string;
  @ApiProperty() expiresAt: Date;
}

/** One link as `GET /<prefix>/subscriptions/:id/links` lists it: never its token. */
export class IntegratorLinkDto {
  @ApiProperty() id: string;
  @ApiProperty() subscriptionId: string;
  @ApiProperty() allowPayloads: boolean;
  @ApiProperty() allowResend: boolean;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Last use written to the audit trail' })
  lastUsedAt: Date | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) status: 'active' | 'expired' | 'revoked';
}
