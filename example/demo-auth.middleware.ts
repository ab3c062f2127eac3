import { WebhooksPrincipal } from '../src';
import type { SessionLookup } from './lab-sessions';

/** The example app's session cookie: holds a session id (see LabSessions), set by `GET /lab/login?token=...`. */
export const DEMO_SESSION_COOKIE = 'lab_session';

/** The value of one cookie of a `Cookie` header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Stands in for the host's real authentication: maps `Authorization: Bearer <token>`, or else
 * the session of the `lab_session` cookie, to a caller from `DEMO_USERS` and sets `req.user`,
 * which WebhooksModule reads by default.
 */
export function demoAuth(users: Record<string, WebhooksPrincipal>, sessions: SessionLookup) {
  return (req: any, _res: unknown, next: () => void): void => {
    const match = /^Bearer (.+)$/.exec(req.headers?.authorization ?? '');
    const sessionId = match ? undefined : readCookie(req.headers?.cookie, DEMO_SESSION_COOKIE);
    const token = match ? match[1] : sessionId === undefined ? undefined : sessions.tokenOf(sessionId);
    req.user = token !== undefined && Object.prototype.hasOwnProperty.call(users, token) ? users[token] : undefined;
    next();
  };
}
