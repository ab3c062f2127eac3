import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { RunningExample, startExampleApp } from './example-app';
import { Receiver } from './receiver';

/** What a page spec drives: the example app, a loopback receiver and a real Chromium. */
export interface PageFixture {
  ex: RunningExample;
  receiver: Receiver;
  browser: Browser;
}

/**
 * Starts the three in `beforeAll` and closes them in `afterAll` (call inside `describe`); the
 * fields are filled once `beforeAll` has run.
 */
export function pageFixture(chromiumPath: string, env: Record<string, string> = {}): PageFixture {
  const f = {} as PageFixture;
  beforeAll(async () => {
    f.receiver = await Receiver.start();
    f.ex = await startExampleApp(env);
    f.browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await f.browser?.close();
    await f.ex?.close();
    await f.receiver?.close();
  });
  return f;
}

/** Signs in as `token` on the example app and opens the endpoint form, as a person would. */
export async function openNewEndpointForm(page: Page, token: string): Promise<void> {
  await page.goto(`/lab/login?token=${token}`);
  await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
  await showsView(page, '/endpoints/new', () => page.getByRole('link', { name: 'New endpoint' }).click());
}

/**
 * Waits until the page has drawn a view: the one of `path` (as registered: `/events/:id`), or
 * any. The page marks `main` with `data-view-ready` once a view is drawn and usable; use it
 * after a load (`goto`, `reload`), where the mark of an earlier view cannot linger.
 */
export async function viewReady(page: Page, path?: string): Promise<void> {
  await page.locator(path ? `main[data-view-ready="${path}"]` : 'main[data-view-ready]').waitFor({ state: 'attached' });
}

/**
 * Does `action` (a click, a hash change) and waits until the page has drawn the view it leads
 * to. Within one document the mark of the view before stays until the next one starts, so this
 * counts the page's `webhooks:view-ready` performance marks: one more than before the action.
 */
export async function showsView(page: Page, path: string, action: () => Promise<unknown>): Promise<void> {
  const drawn = () => (globalThis as any).performance.getEntriesByName('webhooks:view-ready').length as number;
  const before = await page.evaluate(drawn);
  await action();
  await page.waitForFunction(
    ([before, path]) =>
      (globalThis as any).performance.getEntriesByName('webhooks:view-ready').length > before &&
      (globalThis as any).document.querySelector('main')?.getAttribute('data-view-ready') === path,
    [before, path] as const,
  );
}
