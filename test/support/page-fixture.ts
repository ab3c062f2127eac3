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
  await page.getByRole('link', { name: 'New endpoint' }).click();
  await page.getByRole('heading', { name: 'New endpoint' }).waitFor();
}
