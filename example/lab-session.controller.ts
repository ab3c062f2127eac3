import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Inject,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiFoundResponse, ApiQuery, ApiSeeOtherResponse, ApiTags } from '@nestjs/swagger';
import { WebhooksPrincipal } from '../src';
import { DEMO_SESSION_COOKIE, readCookie } from './demo-auth.middleware';
import { LabSessions, SESSION_TTL_MS } from './lab-sessions';

export const DEMO_USERS = Symbol('example:demo-users');

/** Where login and logout lead: the module's page (default route prefix). */
const PAGE = '/webhooks/ui';

interface SessionRequest {
  secure?: boolean;
  protocol?: string;
  headers: Record<string, string | string[] | undefined>;
}

interface CookieResponse {
  setHeader(name: string, value: string): void;
  redirect(status: number, url: string): void;
}

/**
 * The example lab's sign-in for the webhooks page: a browser cannot send a bearer header on
 * its own, so a demo token starts a server-side session whose random id goes in an HttpOnly,
 * SameSite=Lax cookie (`Secure` when the request came over https). A real host has its own
 * login; this only makes the page usable, without the holes a copied demo would carry.
 */
@ApiTags('example lab')
@Controller('lab')
export class LabSessionController {
  constructor(
    @Inject(DEMO_USERS) private readonly users: Record<string, WebhooksPrincipal>,
    private readonly sessions: LabSessions,
  ) {}

  @Get('login')
  @ApiQuery({ name: 'token', description: 'A demo token of DEMO_USERS, e.g. admin-token' })
  @ApiFoundResponse({ description: `Sets the ${DEMO_SESSION_COOKIE} cookie and redirects to ${PAGE}` })
  login(@Query('token') token: string | undefined, @Req() req: SessionRequest, @Res() res: CookieResponse): void {
    // Another site must not sign this browser in as someone else (login CSRF): only a sign-in
    // the person opened themselves (typed, bookmarked, or from this site) completes.
    if (cameFromElsewhere(req)) {
      throw new ForbiddenException('Sign-in refused: open /lab/login yourself, not from another site');
    }
    if (typeof token !== 'string' || !Object.prototype.hasOwnProperty.call(this.users, token)) {
      throw new BadRequestException('token must be one of the demo tokens (DEMO_USERS)');
    }
    this.sessions.destroy(readCookie(first(req.headers.cookie), DEMO_SESSION_COOKIE));
    const id = this.sessions.create(token);
    res.setHeader('Set-Cookie', cookie(id, Math.floor(SESSION_TTL_MS / 1000), req.secure));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, PAGE);
  }

  /** POST, so that a link or an image on another site cannot sign anyone out. */
  @Post('logout')
  @ApiSeeOtherResponse({
    description: `Ends the session, clears the ${DEMO_SESSION_COOKIE} cookie, redirects to ${PAGE}`,
  })
  logout(@Req() req: SessionRequest, @Res() res: CookieResponse): void {
    this.sessions.destroy(readCookie(first(req.headers.cookie), DEMO_SESSION_COOKIE));
    res.setHeader('Set-Cookie', cookie('', 0, req.secure));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, PAGE);
  }
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** A navigation a browser marks as started by another site, or whose Referer is another origin. */
function cameFromElsewhere(req: SessionRequest): boolean {
  const site = first(req.headers['sec-fetch-site'])?.toLowerCase();
  if (site === 'cross-site' || site === 'same-site') return true;
  const referer = first(req.headers.referer);
  if (!referer) return false;
  try {
    return new URL(referer).origin !== `${req.protocol ?? 'http'}://${first(req.headers.host)}`;
  } catch {
    return true;
  }
}

const cookie = (value: string, maxAge: number, secure?: boolean): string =>
  `${DEMO_SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
