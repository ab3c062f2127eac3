import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchChromium, screenshots, expectNoSeriousAxe, signIn } from './support/browser';
import { TOKENS } from './support/env';
import { DAY, insertEntries } from './support/event-log-rows';
import { callApi, RunningExample, startExampleApp } from './support/example-app';
import { viewReady } from './support/page-fixture';
import { Receiver } from './support/receiver';
import { okOrFailReceiver } from './support/status-receiver';
import { waitUntil } from './support/wait';

const HOUR = 3_600_000;

/**
 * Delivery charts on the page, in a real Chromium against the example app (MariaDB, Redis)
 * and a receiver on loopback: an endpoint's chart and the event log's, their numbers read off
 * the page and compared with the stats API.
 */
describeInBrowser('the webhooks page: delivery charts (real Chromium)', (chromiumPath) => {
  let ex: RunningExample;
  let receiver: Receiver;
  let browser: Browser;
  const subs: Record<'ok' | 'bad', string> = {} as any;
  const api = (method: string, path: string, token: string = TOKENS.admin, body?: unknown) =>
    callApi(ex.baseURL, method, path, token, body);

  beforeAll(async () => {
    receiver = await okOrFailReceiver();
    ex = await startExampleApp();
    browser = await launchChromium(chromiumPath);
    for (const key of ['ok', 'bad'] as const) {
      const res = await api('POST', '/webhooks/subscriptions', TOKENS.admin, {
        url: receiver.url(`/${key}`),
        events: ['report_signed'],
        userIds: key === 'ok' ? ['alice'] : [],
      });
      subs[key] = res.body.id;
    }
    for (const reportId of ['R-1', 'R-2', 'R-3'])
      expect((await api('POST', '/lab/events/report_signed', TOKENS.admin, { reportId })).status).toBe(202);
    // Older history, and one entry still waiting for its first attempt.
    const now = Date.now();
    await insertEntries(ex.dataSource, [
      ...[2, 2.1, 9].map((d) => ({ subscriptionId: subs.ok, status: 'succeeded' as const, at: now - d * DAY })),
      { subscriptionId: subs.ok, status: 'failed', at: now - 5 * DAY },
      { subscriptionId: subs.ok, status: 'retrying', at: now - 3 * HOUR },
    ]);
    await waitUntil(async () => {
      const items = (await api('GET', '/webhooks/events?limit=100')).body.items as { status: string }[];
      return items.filter((e) => e.status === 'succeeded' || e.status === 'failed').length === 10;
    }, 'the three reports to succeed on /ok and fail on /bad');
  });
  afterAll(async () => {
    await browser?.close();
    await ex?.close();
    await receiver?.close();
  });

  /** What the page shows: the totals in words and the table's footer, once the chart says it is drawn. */
  const readChart = async (page: Page, period: string) => {
    const figure = page.locator(`figure.delivery-chart[data-ready="${period}"]`);
    await figure.waitFor({ state: 'attached' });
    const totals = Object.fromEntries(
      await figure
        .locator('tfoot td[data-total]')
        .evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-total'), Number(td.textContent)])),
    );
    return { figure, totals, words: await figure.locator('.chart-totals').innerText() };
  };
  const statsOf = async (id: string, hours: number, token: string = TOKENS.admin) => {
    const c = (await api('GET', `/webhooks/subscriptions/${id}/stats?hours=${hours}`, token)).body.counts;
    return { succeeded: c.succeeded, failed: c.failed, waiting: c.pending + c.retrying, canceled: c.canceled };
  };

  it("an endpoint's view draws its deliveries by hour and by day, with the stats' numbers, patterns and a table", async () => {
    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.admin);
    await page.goto(`/webhooks/ui#/endpoints/${subs.ok}`);
    const day = await readChart(page, '24h');
    expect(day.totals).toEqual(await statsOf(subs.ok, 24));
    expect(day.totals).toEqual({ succeeded: 3, failed: 0, waiting: 1, canceled: 0 });
    expect(day.words).toBe('3 succeeded · 0 failed · 1 waiting');
    // One bar an hour; the series are told apart by pattern, and each bar says its numbers.
    expect(await day.figure.locator('tbody tr').count()).toBeGreaterThanOrEqual(24);
    expect(await day.figure.locator('svg.chart rect[data-series="waiting"]').count()).toBe(1);
    const fills = await day.figure
      .locator('svg.chart rect[data-series]')
      .evaluateAll((rs) => [...new Set(rs.map((r) => `${r.getAttribute('data-series')} ${r.getAttribute('fill')}`))]);
    expect(fills.every((f) => /^\w+ url\(#pattern-\d+-(ok|bad|wait)\)$/.test(f))).toBe(true);
    await expect(day.figure.locator('svg.chart').getAttribute('role')).resolves.toBe('img');
    await expectNoSeriousAxe(page);
    await day.figure.getByText('The numbers as a table').click();
    await screenshots(page, 'endpoint-chart');

    await page.getByLabel('Period', { exact: true }).selectOption('30d');
    const month = await readChart(page, '30d');
    expect(month.totals).toEqual(await statsOf(subs.ok, 720));
    expect(month.totals).toEqual({ succeeded: 6, failed: 1, waiting: 1, canceled: 0 });
    expect(await month.figure.locator('tbody tr').count()).toBeGreaterThanOrEqual(30);
    await expectNoSeriousAxe(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the event log draws every endpoint the caller sees: all for an admin, the assigned for a Webhook User', async () => {
    for (const [token, ids] of [
      [TOKENS.admin, [subs.ok, subs.bad]],
      [TOKENS.user, [subs.ok]],
    ] as const) {
      const { page, context, problems } = await signIn(browser, ex.baseURL, token);
      await viewReady(page, '/events');
      await page.getByText(/^Deliveries over time, (all|your) endpoints$/).click();
      const { totals } = await readChart(page, '24h');
      const each = await Promise.all(ids.map((id) => statsOf(id, 24)));
      const summed = Object.fromEntries(
        Object.keys(totals).map((k) => [k, each.reduce((n, s) => n + s[k as keyof typeof s], 0)]),
      );
      expect(totals).toEqual(summed);
      await expectNoSeriousAxe(page);
      if (token === TOKENS.admin) {
        expect(totals).toEqual({ succeeded: 3, failed: 3, waiting: 1, canceled: 0 });
        await screenshots(page, 'event-log-chart');
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
