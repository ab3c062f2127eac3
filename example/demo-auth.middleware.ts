import { WebhooksPrincipal } from '../src';

/**
 * Stands in for the host's real authentication: maps `Authorization: Bearer <token>` to a
 * caller from `DEMO_USERS` and sets `req.user`, which WebhooksModule reads by default.
 */
export function demoAuth(users: Record<string, WebhooksPrincipal>) {
  return (req: any, _res: unknown, next: () => void): void => {
    const match = /^Bearer (.+)$/.exec(req.headers?.authorization ?? '');
    req.user = match && Object.prototype.hasOwnProperty.call(users, match[1]) ? users[match[1]] : undefined;
    next();
  };
}
