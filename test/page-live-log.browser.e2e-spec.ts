import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchChromium, screenshots, expectNoSeriousAxe, signIn } from './support/browser';
import { TOKENS } from './support/env';
import { callApi, RunningExample, startExampleApp } from './support/example-app';
import { viewReady } from './support/page-fixture';
import { Receiver } from './support/receiver';
import { okOrFailReceiver } from './support/status-receiver';

/**
 * The live log in a real Chromium against the example app (MariaDB, Redis) and a receiver on
 * loopback: entries published after the page opened appear, and change, without navigation;
 * a hidden tab pauses it.
 */
describeInBrowser('the webhooks page: live log (real Chromium)', (chromiumPath) => {
  let ex: RunningExample;
  let receiver: Receiver;
  let browser: Browser;
  const api = (method: string, path: string, body?: unknown) => callApi(ex.baseURL, method, path, TOKENS.admin, body);

  beforeAll(async () => {
    receiver = await okOrFailReceiver();
    ex = await startExampleApp();
    browser = await launchChromium(chromiumPath);
    for (const key of ['ok', 'bad'])
      await api('POST', '/webhooks/subscriptions', {
        url: receiver.url(`/${key}`),
        events: key === 'ok' ? ['report_signed'] : ['sample_rejected'],
      });
  });
  afterAll(async () => {
    await browser?.close();
    await ex?.close();
    await receiver?.close();
  });

  const live = (page: Page) => page.locator('.live');
  const polls = async (page: Page) => Number((await live(page).getAttribute('data-polls')) ?? 0);
  /** Sets the tab's visibility as the browser would when the user switches tabs. */
  const setHidden = (page: Page, hidden: boolean) =>
    page.evaluate((hidden) => {
      const d = (globalThis as any).document;
      Object.defineProperty(d, 'hidden', { value: hidden, configurable: true });
      Object.defineProperty(d, 'visibilityState', { value: hidden ? 'hidden' : 'visible', configurable: true });
      d.dispatchEvent(new Event('visibilitychange'));
    }, hidden);

  it('with Live on, an entry published after the page opened shows within two polls, and its changes too', async () => {
    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.admin);
    // The page's timers run on a clock the test can move: a paused tab is shown to ask nothing over time.
    await context.clock.install();
    await page.reload();
    await viewReady(page, '/events');
    await page.getByText('No entries match these filters.').waitFor();
    await page.getByRole('switch', { name: 'Live' }).check();
    await page.locator('.live[data-live="on"]').waitFor();
    // A mark on the window: a reload or navigation would lose it.
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));
    const url = page.url();

    const before = await polls(page);
    expect((await api('POST', '/lab/events/report_signed', { reportId: 'R-77' })).status).toBe(202);
    // Polls a second apart: one may have read just before the commit; the one after it cannot miss it.
    const row = page.locator('table.log tbody tr').filter({ hasText: receiver.url('/ok') });
    await row.waitFor();
    expect(await polls(page)).toBeLessThanOrEqual(before + 2);
    await row.getByText('Succeeded').waitFor();

    // A failing entry is drawn as it goes: its row changes in place until it has failed.
    expect((await api('POST', '/lab/events/sample_rejected', { sampleId: 'S-9' })).status).toBe(202);
    const bad = page.locator('table.log tbody tr').filter({ hasText: receiver.url('/bad') });
    await bad.locator('.status-failed').waitFor();
    expect(await page.locator('table.log tbody tr').count()).toBe(2);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    expect(page.url()).toBe(url);
    await expectNoSeriousAxe(page);
    await screenshots(page, 'live-log');

    // A hidden tab stops asking, and says so; shown again, it catches up.
    await setHidden(page, true);
    await page.locator('.live[data-live="paused"]').getByText('Paused while this tab is hidden.').waitFor();
    const paused = await polls(page);
    expect((await api('POST', '/lab/events/report_signed', { reportId: 'R-78' })).status).toBe(202);
    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('/events/changes') && asked.push(r.url()));
    await page.clock.runFor(10_000);
    expect(asked).toEqual([]);
    expect(await polls(page)).toBe(paused);
    await setHidden(page, false);
    await page.locator('table.log tbody tr').nth(2).waitFor();
    expect(asked.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
