import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchChromium, expectNoSeriousAxe, signIn, watchedContext } from './support/browser';
import { bearer, TOKENS } from './support/env';
import { RunningExample, startExampleApp } from './support/example-app';
import { viewReady } from './support/page-fixture';
import { Receiver } from './support/receiver';
import { waitUntil } from './support/wait';

/**
 * API errors show beside what caused them, never as a blank page; and the page works by
 * keyboard alone, with a visible focus. Real Chromium, the example app on MariaDB.
 */
describeInBrowser('the webhooks page: errors and keyboard (real Chromium)', (chromiumPath) => {
  let ex: RunningExample;
  let receiver: Receiver;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    receiver = await Receiver.start();
    ex = await startExampleApp();
    browser = await launchChromium(chromiumPath);
    const res = await fetch(`${ex.baseURL}/webhooks/subscriptions`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.admin), 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: receiver.url('/hook'), events: ['report_signed'] }),
    });
    expect(res.status).toBe(201);
    for (const reportId of ['R-1', 'R-2']) {
      const sent = await fetch(`${ex.baseURL}/lab/events/report_signed`, {
        method: 'POST',
        headers: { ...bearer(TOKENS.admin), 'Content-Type': 'application/json' },
        body: JSON.stringify({ reportId }),
      });
      expect(sent.status).toBe(202);
    }
    await receiver.waitFor(2);
    const watched = await watchedContext(browser, ex.baseURL);
    problems = watched.problems;
    page = await watched.context.newPage();
    await page.goto(`/lab/login?token=${TOKENS.admin}`);
    await page.locator('table.log').waitFor();
  });
  /** A full load of the page at `hash` (not a same-document hash change, which redraws later). */
  const open = async (hash: string) => {
    await page.goto('about:blank');
    await page.goto(`/webhooks/ui${hash}`);
  };
  afterAll(async () => {
    await browser?.close();
    await ex?.close();
    await receiver?.close();
  });

  it('a malformed address (a broken %-escape) says so, with a way back, instead of "Loading…" forever', async () => {
    await open('#/events/%E0%A4%A');
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/This address is not valid/);
    expect(await page.getByText('Loading…').count()).toBe(0);
    await page.getByRole('link', { name: 'Open the event log' }).click();
    await page.locator('table.log').waitFor();
  });

  it('a 404: an entry that does not exist says so under the view heading', async () => {
    await open('#/events/01a22300-0000-7000-8000-000000000000');
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/Not found: Event 01a22300-.* not found/);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Event log entry');
    expect(await page.getByRole('link', { name: '« Event log' }).count()).toBe(1);
  });

  it("a 400: a bad filter in the address shows the API's message beside that filter", async () => {
    await open('#/events?since=last-tuesday');
    const since = page.locator('[data-field="since"] .field-error');
    await since.waitFor();
    await expect(since.innerText()).resolves.toMatch(/since must be/);
    await expect(page.locator('[data-field="since"] input').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectNoSeriousAxe(page);
  });

  it("a 5xx: the log's table gone from the database gives a readable message, and the page recovers", async () => {
    await ex.dataSource.query('RENAME TABLE webhook_deliveries TO webhook_deliveries_away');
    try {
      await open('#/events?eventType=report_signed');
      await page.getByText(/The server failed \(HTTP 500/).waitFor();
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Event log');
      expect(await page.getByRole('button', { name: 'Apply filters' }).count()).toBe(1);
    } finally {
      await ex.dataSource.query('RENAME TABLE webhook_deliveries_away TO webhook_deliveries');
    }
    await page.getByRole('button', { name: 'Apply filters' }).click(); // same filters: the view reloads
    await page.locator('table.log').waitFor();
    expect(await page.locator('table.log tbody tr').count()).toBe(2);
  });

  /** Presses Tab until `selector` has the focus (at most 40 times). */
  const tabTo = async (selector: string) => {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => (globalThis as any).document.activeElement?.matches(s), selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  };
  const focusOutline = () =>
    page.evaluate(() => {
      const g = globalThis as any;
      return g.getComputedStyle(g.document.activeElement).outlineStyle as string;
    });

  /** How many views the page has drawn (its `webhooks:view-ready` marks). */
  const viewsDrawn = () =>
    page.evaluate(() => (globalThis as any).performance.getEntriesByName('webhooks:view-ready').length as number);
  const nextView = (after: number) =>
    page.waitForFunction(
      (n) => (globalThis as any).performance.getEntriesByName('webhooks:view-ready').length > n,
      after,
    );

  it('by keyboard alone: filter, open an entry, resend it; the focus is always visible', async () => {
    await open('#/events');
    await page.locator('table.log').waitFor();
    await page.getByLabel('Endpoint').locator('option').nth(1).waitFor({ state: 'attached' });
    await tabTo('select[name="status"]');
    expect(await focusOutline()).not.toBe('none');
    await page.keyboard.press('ArrowDown'); // Any status → Pending … → Succeeded
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('Status').inputValue()).resolves.toBe('succeeded');
    await tabTo('button[type="submit"]');
    expect(await focusOutline()).not.toBe('none');
    const drawn = await viewsDrawn();
    await page.keyboard.press('Enter');
    await page.waitForURL(/status=succeeded/);
    await nextView(drawn);
    await tabTo('table.log tbody tr a');
    expect(await focusOutline()).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Payload' }).waitFor();
    const seen = receiver.requests.length;
    await tabTo('.resend button');
    await page.keyboard.press('Enter');
    await page.getByText('1 queued for delivery again').waitFor();
    await receiver.waitFor(seen + 1);
    expect(problems).toEqual([]);
  });

  it("a 429: past a Webhook User's resend limit, resend and recover say why and when to try again, and queue nothing", async () => {
    const created = await fetch(`${ex.baseURL}/webhooks/subscriptions`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.admin), 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: receiver.url('/limited'), events: ['report_corrected'], userIds: ['alice'] }),
    });
    const { id: subscriptionId } = (await created.json()) as { id: string };
    await fetch(`${ex.baseURL}/lab/events/report_corrected`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.admin), 'Content-Type': 'application/json' },
      body: JSON.stringify({ reportId: 'R-9' }),
    });
    const { id } = await waitUntil(async () => {
      const rows: { id: string }[] = await ex.dataSource.query(
        "SELECT id FROM webhook_deliveries WHERE status = 'succeeded' AND subscription_id = ?",
        [subscriptionId],
      );
      return rows[0];
    }, 'the entry to be delivered');
    // alice spends her budget of the window (20 requests by default) through the API.
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${ex.baseURL}/webhooks/events/resend`, {
        method: 'POST',
        headers: { ...bearer(TOKENS.user), 'Content-Type': 'application/json' },
        body: JSON.stringify({ ids: [id] }),
      });
      expect(res.status).toBe(202);
    }
    await waitUntil(
      async () =>
        (await ex.dataSource.query('SELECT status FROM webhook_deliveries WHERE id = ?', [id]))[0].status ===
        'succeeded',
      'the resends to settle',
    );
    const sent = receiver.requests.length;

    const { page: tab, context, problems: own } = await signIn(browser, ex.baseURL, TOKENS.user);
    await tab.goto(`/webhooks/ui#/events/${id}`);
    await viewReady(tab, '/events/:id');
    await tab.getByRole('button', { name: 'Resend this entry' }).click();
    const answer = tab.locator('.resend-result');
    await answer.getByRole('alert').waitFor();
    await expect(answer.innerText()).resolves.toMatch(
      /^Too many resend and recover requests: a Webhook User may make 20 in 10 min; try again in \d+ s\. You can try again at \d{1,2}:\d{2}:\d{2}.*\.\n+Nothing was queued\.$/,
    );

    await tab.goto(`/webhooks/ui#/endpoints/${subscriptionId}`);
    await viewReady(tab, '/endpoints/:id');
    await tab.getByRole('button', { name: 'Recover' }).click();
    const recoverError = tab.locator('form.recover .form-errors [role="alert"]');
    await recoverError.waitFor();
    await expect(recoverError.innerText()).resolves.toMatch(
      /^Too many resend and recover requests: .* You can try again at /,
    );
    expect(receiver.requests.length).toBe(sent);
    expect(own).toEqual([]);
    await context.close();
  });

  it('a host with bearer tokens: a token in sessionStorage is sent instead of a cookie', async () => {
    const { context, problems: own } = await watchedContext(browser, ex.baseURL);
    const tab = await context.newPage();
    await tab.goto('/webhooks/ui');
    await tab.getByRole('heading', { name: 'Please sign in' }).waitFor(); // no cookie, no token: 401
    await tab.evaluate((token) => (globalThis as any).sessionStorage.setItem('lab-webhooks.token', token), TOKENS.user);
    await tab.reload();
    await tab.getByText('Signed in as alice (Webhook User)').waitFor();
    await tab.locator('table.log, p.empty').first().waitFor();
    expect(own).toEqual([]);
    await context.close();
  });
});
