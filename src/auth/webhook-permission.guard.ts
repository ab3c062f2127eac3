import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ResolvedWebhooksOptions, WebhooksPrincipal } from '../webhooks-options.interface';
import {
  WEBHOOKS_CALLER_KEY,
  WEBHOOKS_LINK_ACCESS_METADATA,
  WEBHOOKS_OPTIONS,
  WEBHOOKS_PERMISSION_METADATA,
} from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';
import { LINK_TOKEN_HEADER, LinkCallers } from './link-callers';
import type { WebhookAccess } from './webhook-permission.decorator';
import { WebhooksCaller } from './webhooks-caller';

/**
 * 401 without a caller; 403 without either webhook permission, or for an admin-only route
 * called by a Webhook User. Leaves the resolved `WebhooksCaller` on the request.
 *
 * A request carrying an integrator link (header `x-webhooks-link`) is the link's caller and
 * nothing else: the host's session is not consulted (a link cannot be combined with one), and
 * only routes marked `AllowsLinkCaller` (never an admin-only one) accept it.
 *
 * @publicApi
 */
@Injectable()
export class WebhookPermissionGuard implements CanActivate {
  constructor(
    protected readonly reflector: Reflector,
    @Inject(WEBHOOKS_OPTIONS) protected readonly options: ResolvedWebhooksOptions,
    @Optional() protected readonly links?: LinkCallers,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const access = this.reflector.getAllAndOverride<WebhookAccess>(WEBHOOKS_PERMISSION_METADATA, targets) ?? 'admin';
    const request = context.switchToHttp().getRequest();
    const linkToken = request.headers?.[LINK_TOKEN_HEADER];
    if (linkToken !== undefined) {
      if (!this.links) throw new ForbiddenException(MESSAGES.linkNotAllowed);
      const caller = await this.links.callerOf(linkToken);
      if (!caller) throw new UnauthorizedException(MESSAGES.linkRefused);
      if (access === 'admin' || !this.reflector.getAllAndOverride<boolean>(WEBHOOKS_LINK_ACCESS_METADATA, targets))
        throw new ForbiddenException(MESSAGES.linkNotAllowed);
      request[WEBHOOKS_CALLER_KEY] = caller;
      return true;
    }
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
