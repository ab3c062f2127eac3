import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ResolvedWebhooksOptions, WebhooksPrincipal } from '../webhooks-options.interface';
import { WEBHOOKS_CALLER_KEY, WEBHOOKS_OPTIONS, WEBHOOKS_PERMISSION_METADATA } from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';
import type { WebhookAccess } from './webhook-permission.decorator';
import { WebhooksCaller } from './webhooks-caller';

/**
 * 401 without a caller; 403 without either webhook permission, or for an admin-only route
 * called by a Webhook User. Leaves the resolved `WebhooksCaller` on the request.
 *
 * @publicApi
 */
@Injectable()
export class WebhookPermissionGuard implements CanActivate {
  constructor(
    protected readonly reflector: Reflector,
    @Inject(WEBHOOKS_OPTIONS) protected readonly options: ResolvedWebhooksOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const access =
      this.reflector.getAllAndOverride<WebhookAccess>(WEBHOOKS_PERMISSION_METADATA, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'admin';
    const request = context.switchToHttp().getRequest();
    const caller = this.toCaller(this.resolvePrincipal(request));
    if (access === 'admin' && !caller.isAdmin) {
      throw new ForbiddenException(MESSAGES.adminOnly);
    }
    request[WEBHOOKS_CALLER_KEY] = caller;
    return true;
  }

  protected resolvePrincipal(request: unknown): WebhooksPrincipal | null | undefined {
    return this.options.principalResolver(request);
  }

  protected toCaller(principal: WebhooksPrincipal | null | undefined): WebhooksCaller {
    if (!principal || principal.id === undefined || principal.id === null || principal.id === '') {
      throw new UnauthorizedException(MESSAGES.noCaller);
    }
    const permissions = Array.isArray(principal.permissions) ? principal.permissions : [];
    const isAdmin = permissions.includes(this.options.adminPermission);
    if (!isAdmin && !permissions.includes(this.options.userPermission)) {
      throw new ForbiddenException(MESSAGES.noPermission);
    }
    return { id: String(principal.id), isAdmin };
  }
}
