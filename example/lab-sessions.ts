import { randomBytes } from 'node:crypto';

/** How long a sign-in lasts without signing in again. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** What the demo auth asks of sessions: the demo token a session cookie stands for. */
export interface SessionLookup {
  tokenOf(sessionId: string): string | undefined;
}

/**
 * The example app's server-side sessions: the cookie holds a random id (32 bytes), never the
 * token itself, so signing out ends the session for good and a copied cookie dies with it.
 * In memory, per process: enough for the demo; a host with several API instances keeps its
 * sessions in a shared store (its own login does this already).
 */
export class LabSessions implements SessionLookup {
  private readonly sessions = new Map<string, { token: string; expiresAt: number }>();

  constructor(
    private readonly ttlMs = SESSION_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session for `token`; returns its id, the cookie's value. */
  create(token: string): string {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { token, expiresAt: this.now() + this.ttlMs });
    return id;
  }

  tokenOf(sessionId: string): string | undefined {
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(sessionId);
      return undefined;
    }
    return session.token;
  }

  destroy(sessionId: string | undefined): void {
    if (sessionId !== undefined) this.sessions.delete(sessionId);
  }

  /** Drops expired sessions, so that sign-ins nobody ends do not pile up. */
  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}
