import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from '../../event-types/event-types';
import { IsWebhookHeaders, IsWebhookUrl, MAX_URL_LENGTH } from '../subscription.validators';

export class CreateSubscriptionDto {
  @ApiProperty({ example: 'https://partner.example.com/webhooks/lab', maxLength: MAX_URL_LENGTH })
  @IsDefined()
  @IsWebhookUrl()
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, minItems: 1, maxItems: 7 })
  @IsIn(WEBHOOK_EVENT_TYPES as unknown as string[], { each: true, message: `events must each be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  @ArrayUnique({ message: 'events must not name an event twice' })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayMinSize(1)
  @IsArray()
  @IsDefined()
  events: string[];

  @ApiPropertyOptional({ description: 'Basic auth user name; requires `password`', maxLength: 255 })
  @ValidateIf((o) => o.username !== undefined || o.password !== undefined)
  @IsDefined({ message: 'username is required when password is set' })
  @IsString()
  @Length(1, 255)
  @MaxLength(255)
  username?: string;

  @ApiPropertyOptional({ description: 'Basic auth password; requires `username`; never returned', maxLength: 255, writeOnly: true })
  @ValidateIf((o) => o.username !== undefined || o.password !== undefined)
  @IsDefined({ message: 'password is required when username is set' })
  @IsString()
  @Length(1, 255)
  password?: string;

  @ApiPropertyOptional({ description: 'Custom request headers (at most 20)', type: 'object', additionalProperties: { type: 'string' }, example: { 'X-Partner-Key': 'abc' } })
  @IsOptional()
  @IsWebhookHeaders()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Only events whose payload has this projectTemplateId match', maxLength: 191 })
  @IsOptional()
  @IsString()
  @Length(1, 191)
  projectTemplateId?: string;

  @ApiPropertyOptional({ description: 'Webhook Users assigned to this endpoint', type: [String], maxItems: 100 })
  @Length(1, 191, { each: true })
  @IsString({ each: true })
  @ArrayUnique({ message: 'userIds must not name a user twice' })
  @ArrayMaxSize(100)
  @IsArray()
  @IsOptional()
  userIds?: string[];
}
