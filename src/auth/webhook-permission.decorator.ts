import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { WEBHOOKS_PERMISSION_METADATA } from '../webhooks.constants';
import { WebhookPermissionGuard } from './webhook-permission.guard';

/**
 * `admin`: Webhook Admin only. `any`: Webhook Admin or Webhook User.
 *
 * @publicApi
 */
export type WebhookAccess = 'admin' | 'any';

/**
 * Marks a controller or route with the access it needs, and guards it.
 *
 * @publicApi
 */
export const RequiresWebhookPermission = (access: WebhookAccess) =>
  applyDecorators(
    SetMetadata(WEBHOOKS_PERMISSION_METADATA, access),
    UseGuards(WebhookPermissionGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No authenticated caller' }),
    ApiForbiddenResponse({ description: 'Caller lacks the Webhook Admin / Webhook User permission' }),
  );
