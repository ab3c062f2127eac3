import { Api, ApiError, LINK_STORAGE_KEY, linkToken } from './api';
import { h, replace } from './dom';
import { describe } from './errors';
import { localTime } from './format';
import { MalformedAddress, Match, matchRoute } from './router';
import { Caller, EventType } from './types';
import { View, ViewContext } from './view';
import { VIEWS } from './views';
import { renderNoAccess } from './views/no-access.view';

const DEFAULT_ROUTE = '#/events';

/**
 * An integrator link (`…/ui#link=<token>`): its token moves to this tab's sessionStorage and
 * off the address bar and history, before any request. Returns whether this tab is a link's.
 */
function takeLinkFromFragment(): boolean {
  const m = /^#link=([^&]+)$/.exec(location.hash);
  if (m) {
    try {
      sessionStorage.setItem(LINK_STORAGE_KEY, decodeURIComponent(m[1]));
    } catch {
      // storage disabled: the link cannot be used in this tab; ui/me says so below
    }
    history.replaceState(null, '', `${location.pathname}${DEFAULT_ROUTE}`);
  }
  return linkToken() !== null;
}

/** A link that is no longer valid: the server's words, and the token forgotten. */
function renderLinkRefused(main: HTMLElement, err: unknown): void {
  try {
    sessionStorage.removeItem(LINK_STORAGE_KEY);
  } catch {
    // nothing stored
  }
  document.title = 'Webhooks – link not valid';
  const heading = h('h1', { tabindex: '-1' }, 'This link no longer works');
  replace(main, heading, h('p', { class: 'notice', role: 'alert' }, describe(err)));
  heading.focus();
}

/** Boots the page: who is calling, then the view of the current hash, again on each change. */
async function boot(): Promise<void> {
  const main = document.getElementById('main')!;
  const nav = document.getElementById('nav')!;
  const base = document.querySelector<HTMLMetaElement>('meta[name="webhooks-api"]')?.content ?? '/webhooks';
  const api = new Api(base);
  const viaLink = takeLinkFromFragment();
  let caller: Caller;
  try {
    caller = await api.get<Caller>('/ui/me');
  } catch (err) {
    if (viaLink && err instanceof ApiError && err.status === 401) return renderLinkRefused(main, err);
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return renderNoAccess(main, err.status);
    replace(main, h('h1', null, 'Webhooks'), h('p', { class: 'error', role: 'alert' }, describe(err)));
    return;
  }
  renderNav(nav, caller);
  let typesOnce: Promise<EventType[]> | undefined;
  let flashed: string | null = null;
  let generation = 0;

  const show = async (): Promise<void> => {
    let match: Match | null;
    try {
      match = matchRoute(VIEWS, location.hash);
    } catch (err) {
      if (!(err instanceof MalformedAddress)) throw err;
      ++generation;
      const back = h('a', { href: DEFAULT_ROUTE }, 'Open the event log');
      replace(main, h('h1', null, 'Webhooks'), h('p', { class: 'error', role: 'alert' }, err.message, ' ', back));
      return;
    }
    if (!match || !opens(match.view, caller)) {
      location.replace(DEFAULT_ROUTE);
      return;
    }
    const mine = ++generation;
    const ctx: ViewContext = {
      api,
      caller,
      params: match.params,
      query: match.query,
      isCurrent: () => mine === generation,
      // The same hash again (e.g. Apply with unchanged filters) fires no hashchange: reload the view.
      navigate: (hash) => (location.hash === hash ? void show() : (location.hash = hash)),
      flash: (message) => (flashed = message),
      eventTypes: () =>
        (typesOnce ??= api.get<EventType[]>('/event-types').catch((e) => ((typesOnce = undefined), Promise.reject(e)))),
    };
    main.removeAttribute('data-view-ready');
    document.title = `Webhooks – ${match.view.title}`;
    markCurrent(nav, match.view.path);
    const note = flashed;
    flashed = null;
    replace(
      main,
      note ? h('p', { class: 'flash', role: 'status' }, note) : null,
      h('p', { class: 'loading', role: 'status' }, 'Loading…'),
    );
    // The view draws into its own element, which stays in the page: a view may redraw it later.
    const content = h('div', { class: 'view' });
    try {
      await match.view.render(content, ctx);
    } catch (err) {
      content.append(h('p', { class: 'error', role: 'alert' }, describe(err)));
    }
    if (!ctx.isCurrent()) return;
    main.querySelector('.loading')?.remove();
    main.append(content);
    // For the bench and for hosts' monitoring: when a view became usable (Performance API).
    performance.mark('webhooks:view-ready', { detail: match.view.path });
    // …and for the browser specs, which wait on it rather than on time.
    main.setAttribute('data-view-ready', match.view.path);
    main.querySelector<HTMLElement>('h1')?.setAttribute('tabindex', '-1');
    if (document.activeElement === document.body || !main.contains(document.activeElement))
      main.querySelector<HTMLElement>('h1')?.focus();
  };
  window.addEventListener('hashchange', () => void show());
  if (!location.hash) history.replaceState(null, '', DEFAULT_ROUTE);
  await show();
}

/** Whether `caller` may open `view`: a link's tab only its views, a Webhook User no admin view. */
function opens(view: View, caller: Caller): boolean {
  return caller.link ? !!view.forLinks : !view.linkOnly && (!view.adminOnly || caller.isAdmin);
}

function renderNav(nav: HTMLElement, caller: Caller): void {
  const items = VIEWS.filter((v) => v.nav && opens(v, caller)).sort((a, b) => a.nav!.order - b.nav!.order);
  replace(
    nav,
    h(
      'ul',
      null,
      items.map((v) => h('li', null, h('a', { href: `#${v.path}`, 'data-path': v.path }, v.nav!.label))),
    ),
    h(
      'p',
      { class: 'caller' },
      caller.link
        ? `Integrator link for ${caller.link.url}, valid until ${localTime(caller.link.expiresAt)}`
        : `Signed in as ${caller.id} (${caller.isAdmin ? 'Webhook Admin' : 'Webhook User'})`,
    ),
  );
}

/** `aria-current` on the nav link of the section being shown (`/events/:id` is under `/events`). */
function markCurrent(nav: HTMLElement, path: string): void {
  const section = `/${path.split('/')[1]}`;
  nav.querySelectorAll('a[data-path]').forEach((a) => {
    if (a.getAttribute('data-path') === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

void boot();
