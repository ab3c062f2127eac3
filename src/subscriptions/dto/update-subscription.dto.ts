import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from '../../event-types/event-types';
import { IsWebhookHeaders, IsWebhookUrl, MAX_URL_LENGTH } from '../subscription.validators';

/** Partial update; `password: null` removes basic auth, `null` clears description and projectTemplateId. */
export class UpdateSubscriptionDto {
  @ApiPropertyOptional({ maxLength: MAX_URL_LENGTH })
  @IsOptional()
  @IsWebhookUrl()
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, minItems: 1, maxItems: 7 })
  @IsIn(WEBHOOK_EVENT_TYPES as unknown as string[], { each: true, message: `events must each be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  @ArrayUnique({ message: 'events must not name an event twice' })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayMinSize(1)
  @IsArray()
  @IsOptional()
  events?: string[];

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  username?: string;

  @ApiPropertyOptional({ nullable: true, description: '`null` removes basic auth', writeOnly: true })
  @ValidateIf((o) => o.password !== null && o.password !== undefined)
  @IsString()
  @Length(1, 255)
  password?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsWebhookHeaders()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ nullable: true, maxLength: 1024 })
  @ValidateIf((o) => o.description !== null && o.description !== undefined)
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ nullable: true, maxLength: 191 })
  @ValidateIf((o) => o.projectTemplateId !== null && o.projectTemplateId !== undefined)
  @IsString()
  @Length(1, 191)
  projectTemplateId?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 100 })
  @Length(1, 191, { each: true })
  @IsString({ each: true })
  @ArrayUnique({ message: 'userIds must not name a user twice' })
  @ArrayMaxSize(100)
  @IsArray()
  @IsOptional()
  userIds?: string[];
}
