import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  describeInBrowser,
  launchChromium,
  SCREENSHOT_DIR,
  screenshots,
  expectNoSeriousAxe,
  signIn,
  waitForLogRows,
} from './support/browser';
import { TOKENS } from './support/env';
import { callApi, RunningExample, startExampleApp } from './support/example-app';
import { Receiver } from './support/receiver';
import { waitUntil } from './support/wait';

/**
 * Lab data on the page, in a real Chromium against the example app (MariaDB, Redis, a live
 * receiver): finding a report's deliveries by subject, an entry whose payload was erased, the
 * filters on a phone, and the audit trail.
 */
describeInBrowser('the webhooks page: subject search, erased payloads, audit trail (real Chromium)', (chromiumPath) => {
  let ex: RunningExample;
  let receiver: Receiver;
  let browser: Browser;
  /** alice's endpoint (`/a`) and bob's (`/b`). */
  const subs: Record<'a' | 'b', string> = { a: '', b: '' };
  const api = (method: string, path: string, token: string = TOKENS.admin, body?: unknown) =>
    callApi(ex.baseURL, method, path, token, body);
  const entriesOf = async (query: string) =>
    (await api('GET', `/webhooks/events?limit=100&${query}`)).body.items as {
      id: string;
      url: string;
      subscriptionId: string;
    }[];

  beforeAll(async () => {
    receiver = await Receiver.start();
    ex = await startExampleApp();
    browser = await launchChromium(chromiumPath);
    for (const [key, user] of [
      ['a', 'alice'],
      ['b', 'bob'],
    ] as const) {
      const res = await api('POST', '/webhooks/subscriptions', TOKENS.admin, {
        url: receiver.url(`/${key}`),
        events: ['report_signed'],
        description: `Lab partner ${key.toUpperCase()}`,
        userIds: [user],
      });
      expect(res.status).toBe(201);
      subs[key] = res.body.id;
    }
    // R-1 twice (signed, then amended), R-2 once, and one event about no lab object.
    for (const payload of [
      { reportId: 'R-1', patient: { name: 'Jane Roe' } },
      { reportId: 'R-2', patient: { name: 'John Doe' } },
      { reportId: 'R-1', amended: true, patient: { name: 'Jane Roe' } },
      { note: 'no subject here' },
    ]) {
      expect((await api('POST', '/lab/events/report_signed', TOKENS.admin, payload)).status).toBe(202);
    }
    await receiver.waitFor(8);
    await waitUntil(async () => (await entriesOf('status=succeeded')).length === 8, 'all eight entries to succeed');
  });
  afterAll(async () => {
    await browser?.close();
    await ex?.close();
    await receiver?.close();
  });

  const searchSubject = async (page: Page, subject: string) => {
    await page.getByLabel(/^Subject/).fill(subject);
    await page.getByLabel(/^Subject/).press('Enter');
    await page.waitForURL(new RegExp(`subject=${encodeURIComponent(subject)}(&|$)`));
  };

  it("an admin finds a report's deliveries by its id: exact match, on every endpoint", async () => {
    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.admin);
    await waitForLogRows(page, 8);
    await searchSubject(page, 'R-1');
    await waitForLogRows(page, 4, 'report_signed');
    const shown = await page.locator('table.log tbody').innerText();
    expect(shown).toContain(receiver.url('/a'));
    expect(shown).toContain(receiver.url('/b'));
    // The page shows exactly what the API answers for R-1.
    const r1 = (await entriesOf('subject=R-1')).map((e) => e.id).sort();
    const links = await page
      .locator('table.log tbody tr td a')
      .evaluateAll((as) => as.map((a) => decodeURIComponent((a as any).getAttribute('href').split('/').pop())));
    expect(links.sort()).toEqual(r1);
    expect(await page.getByText('Filters (1 active)').count()).toBe(1);
    await expectNoSeriousAxe(page);

    // Exact match: a prefix finds nothing.
    await searchSubject(page, 'R-');
    await page.getByText('No entries match these filters.').waitFor();

    // The detail names the subject.
    await searchSubject(page, 'R-2');
    await waitForLogRows(page, 2);
    await page.locator('table.log tbody tr a').first().click();
    await page.getByRole('heading', { name: 'Payload' }).waitFor();
    await expect(page.locator('dl.summary').first().innerText()).resolves.toMatch(/Subject\s+R-2/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a Webhook User's subject search finds only the entries of assigned endpoints", async () => {
    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.user);
    await waitForLogRows(page, 4);
    await searchSubject(page, 'R-1');
    await waitForLogRows(page, 2, receiver.url('/a'));
    expect(await page.locator('table.log tbody').innerText()).not.toContain(receiver.url('/b'));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an erased entry says its payload is gone, and resending it explains the refusal', async () => {
    const [erased] = await entriesOf(`subject=R-2&subscriptionId=${subs.a}`);
    expect((await api('DELETE', `/webhooks/events/${erased.id}/payload`)).status).toBe(204);
    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.admin);
    await page.goto(`/webhooks/ui#/events/${erased.id}`);
    await page.getByRole('heading', { name: 'Payload' }).waitFor();
    const main = page.locator('main');
    await expect(main.innerText()).resolves.toContain('Payload erased.');
    await expect(main.innerText()).resolves.not.toContain('John Doe');
    await expect(page.locator('pre[aria-label="Payload (JSON)"]').count()).resolves.toBe(0);
    await expectNoSeriousAxe(page);
    await screenshots(page, 'event-detail-erased');

    const seen = receiver.requests.length;
    await page.getByRole('button', { name: 'Resend this entry' }).click();
    const answer = page.locator('.resend-result');
    await answer.getByRole('alert').waitFor();
    await expect(answer.innerText()).resolves.toContain(`The payload of event ${erased.id} was expunged`);
    await expect(answer.innerText()).resolves.toContain('Nothing was queued');

    // In the log: the entry is marked, and a selection holding it is refused whole.
    await page.goto(`/webhooks/ui#/events?eventType=report_signed&subscriptionId=${subs.a}`);
    await waitForLogRows(page, 4);
    await expect(page.locator('table.log tbody').innerText()).resolves.toContain('payload erased');
    await page.getByLabel('Select all on this page').check();
    await page.getByRole('button', { name: /Resend selected \(4\)/ }).click();
    await answer.getByRole('alert').waitFor();
    await expect(answer.innerText()).resolves.toContain('Nothing was queued');
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.requests.length).toBe(seen);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone (375×667) the filters are folded and the first entries show on the first screen', async () => {
    const phone = { width: 375, height: 667 };
    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.admin, phone);
    await waitForLogRows(page, 8);
    const disclosure = page.locator('details.filters-disclosure');
    expect(await disclosure.evaluate((d) => (d as any).open)).toBe(false);
    await expect(page.getByLabel(/^Subject/).isVisible()).resolves.toBe(false);
    // The first entry's card is entirely on the first screen, without scrolling.
    const first = await page.locator('table.log tbody tr').first().boundingBox();
    expect(first).not.toBeNull();
    expect(first!.y + first!.height).toBeLessThanOrEqual(phone.height);
    await expectNoSeriousAxe(page);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'event-log-phone-375x667.png') });

    // A tap on "Filters" unfolds them; a search; the result is folded again, with the count.
    await page.getByText('Filters', { exact: true }).click();
    await page.getByLabel(/^Subject/).waitFor({ state: 'visible' });
    await searchSubject(page, 'R-1');
    await waitForLogRows(page, 4);
    await page.getByText('Filters (1 active)').waitFor();
    expect(await page.locator('details.filters-disclosure').evaluate((d) => (d as any).open)).toBe(false);

    // A wide window shows them open, with no toggle.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel(/^Subject/).waitFor({ state: 'visible' });
    await expect(page.getByText('Filters (1 active)').isVisible()).resolves.toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an admin reads the audit trail: who did what, filtered, one keyset page after another', async () => {
    // 55 payload reads by the admin and one by alice: more rows than one page holds.
    const [entry] = await entriesOf(`subject=R-1&subscriptionId=${subs.a}`);
    for (let i = 0; i < 55; i++) expect((await api('GET', `/webhooks/events/${entry.id}`)).status).toBe(200);
    expect((await api('GET', `/webhooks/events/${entry.id}`, TOKENS.user)).status).toBe(200);
    const all: { id: string; action: string; actorId: string }[] = [];
    for (let cursor = ''; ;) {
      const res = await api('GET', `/webhooks/audit?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...res.body.items);
      if (!res.body.nextCursor) break;
      cursor = res.body.nextCursor;
    }
    expect(all.length).toBeGreaterThan(50);

    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.admin);
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    const rows = page.locator('table.audit tbody tr');
    await rows.nth(49).waitFor();
    expect(await rows.count()).toBe(50);
    await expect(rows.first().innerText()).resolves.toMatch(/alice\s+Payload viewed/);
    await expectNoSeriousAxe(page);
    await screenshots(page, 'audit');
    await page.getByRole('link', { name: 'Older »' }).click();
    await page.waitForURL(/cursor=/);
    await page.getByRole('link', { name: '« Newest' }).waitFor();
    await page.waitForFunction(
      (n) => (globalThis as any).document.querySelectorAll('table.audit tbody tr').length === n,
      all.length - 50,
    );
    // The oldest row of all is on the last page: the endpoints being created, by the admin.
    await expect(rows.last().innerText()).resolves.toMatch(/admin\s+Endpoint created/);

    // Filters: what was erased, and by whom; what alice did.
    await page.getByRole('link', { name: '« Newest' }).click();
    // The newest page drawn (its form with it) before filling the form: else the choice can go
    // to the old page's form, which the redraw then replaces.
    await page.waitForURL((u) => !u.hash.includes('cursor='));
    await page.waitForFunction(
      () => (globalThis as any).document.querySelectorAll('table.audit tbody tr').length === 50,
    );
    await page.getByLabel('Action').selectOption('payload.expunged');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=payload.expunged/);
    await page.waitForFunction(
      () => (globalThis as any).document.querySelectorAll('table.audit tbody tr').length === 1,
    );
    const erased = await rows.first().innerText();
    expect(erased).toMatch(/admin\s+Payload erased/);
    expect(erased).toContain(receiver.url('/a'));
    expect(erased).toContain('1 entry');
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.getByLabel(/^Who/).fill('alice');
    await page.getByLabel(/^Who/).press('Enter');
    await page.waitForURL(/actorId=alice/);
    await page.waitForFunction(
      () => (globalThis as any).document.querySelectorAll('table.audit tbody tr').length === 1,
    );
    await expect(rows.first().innerText()).resolves.toContain('Payload viewed');
    // A refused filter: the API's message beside it.
    await page.goto('/webhooks/ui#/audit?since=yesterday');
    await page.locator('[data-field="since"] .field-error').waitFor();
    await expect(page.locator('[data-field="since"] .field-error').innerText()).resolves.toMatch(/since/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a Webhook User has no audit view: no link, the address leads to the log, the API says 403', async () => {
    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.user);
    await waitForLogRows(page, 4);
    expect(await page.locator('#nav').getByRole('link', { name: 'Audit' }).count()).toBe(0);
    await page.goto('/webhooks/ui#/audit');
    await page.waitForURL(/#\/events$/);
    await page.getByRole('heading', { name: 'Event log' }).waitFor();
    expect(await page.locator('table.audit').count()).toBe(0);
    const status = await page.evaluate(
      async () => (await fetch('/webhooks/audit', { credentials: 'same-origin' })).status,
    );
    expect(status).toBe(403);
    expect(problems).toEqual([]);
    await context.close();
  });
});
