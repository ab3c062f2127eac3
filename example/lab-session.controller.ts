import { BadRequestException, Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { WebhooksPrincipal } from '../src';
import { DEMO_SESSION_COOKIE } from './demo-auth.middleware';

export const DEMO_USERS = Symbol('example:demo-users');

/** Where login and logout lead: the module's page (default route prefix). */
const PAGE = '/webhooks/ui';
const SESSION_SECONDS = 8 * 60 * 60;

interface CookieResponse {
  setHeader(name: string, value: string): void;
  redirect(status: number, url: string): void;
}

/**
 * The example lab's sign-in for the webhooks page: a browser cannot send a bearer header on
 * its own, so a demo token becomes an HttpOnly, SameSite=Lax session cookie that the demo
 * auth accepts like the header. A real host has its own login; this only makes the page usable.
 */
@ApiTags('example lab')
@Controller('lab')
export class LabSessionController {
  constructor(@Inject(DEMO_USERS) private readonly users: Record<string, WebhooksPrincipal>) {}

  @Get('login')
  @ApiQuery({ name: 'token', description: 'A demo token of DEMO_USERS, e.g. admin-token' })
  @ApiFoundResponse({ description: `Sets the ${DEMO_SESSION_COOKIE} cookie and redirects to ${PAGE}` })
  login(@Query('token') token: string | undefined, @Req() req: { secure?: boolean }, @Res() res: CookieResponse): void {
    if (typeof token !== 'string' || !Object.prototype.hasOwnProperty.call(this.users, token)) {
      throw new BadRequestException('token must be one of the demo tokens (DEMO_USERS)');
    }
    res.setHeader('Set-Cookie', cookie(encodeURIComponent(token), SESSION_SECONDS, req.secure));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, PAGE);
  }

  @Get('logout')
  @ApiFoundResponse({ description: `Clears the ${DEMO_SESSION_COOKIE} cookie and redirects to ${PAGE}` })
  logout(@Req() req: { secure?: boolean }, @Res() res: CookieResponse): void {
    res.setHeader('Set-Cookie', cookie('', 0, req.secure));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, PAGE);
  }
}

const cookie = (value: string, maxAge: number, secure?: boolean): string =>
  `${DEMO_SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
