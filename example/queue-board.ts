import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { DynamicModule } from '@nestjs/common';
import { refuseCrossSiteRequests, WEBHOOKS_MAINTENANCE_QUEUE, WEBHOOKS_QUEUE, WebhooksPrincipal } from '../src';
import { demoAuth } from './demo-auth.middleware';
import { SessionLookup } from './lab-sessions';

/**
 * bull-board at `/queues`, for Webhook Admins only: the delivery and maintenance queues, their
 * jobs and counts. The board can retry and remove jobs, so a Webhook User gets a 403, and a
 * write from another site (the admin's cookie rides along) gets the module's cross-site 403.
 * The page must not be framed either (see bootstrap's frame headers).
 */
export function queueBoard(
  users: Record<string, WebhooksPrincipal>,
  sessions: SessionLookup,
  adminPermission = 'Webhook Admin',
): DynamicModule[] {
  const authenticate = demoAuth(users, sessions);
  const sameSiteOnly = refuseCrossSiteRequests();
  // The board's own middleware: it runs before the board whatever order the host's middleware has.
  const adminOnly = (req: any, res: any, next: () => void): void =>
    sameSiteOnly(req, res, () =>
      authenticate(req, res, () => {
        if (!req.user) return void res.status(401).json({ statusCode: 401, message: 'Authentication required' });
        if (!req.user.permissions?.includes(adminPermission)) {
          return void res.status(403).json({ statusCode: 403, message: 'Only a Webhook Admin may see the queues' });
        }
        next();
      }),
    );
  return [
    BullBoardModule.forRoot({ route: '/queues', adapter: ExpressAdapter, middleware: adminOnly }),
    BullBoardModule.forFeature(
      { name: WEBHOOKS_QUEUE, adapter: BullAdapter },
      { name: WEBHOOKS_MAINTENANCE_QUEUE, adapter: BullAdapter },
    ),
  ];
}
