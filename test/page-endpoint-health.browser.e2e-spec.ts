import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { webhookMessageId } from '../src/sending/signer';
import { describeInBrowser, expectNoSeriousAxe, launchChromium, screenshots, signIn } from './support/browser';
import { TOKENS } from './support/env';
import { callApi, RunningExample, startExampleApp } from './support/example-app';
import { Receiver } from './support/receiver';
import { waitUntil } from './support/wait';

/**
 * Endpoint health on the page, in a real Chromium against the example app (MariaDB, Redis)
 * and a live receiver on loopback: the test button, stats, a deactivated endpoint and its
 * re-enabling, "Recover failed since…" with its progress, and what a Webhook User may do.
 */
describeInBrowser('the webhooks page: endpoint health and recover tasks (real Chromium)', (chromiumPath) => {
  let ex: RunningExample;
  let receiver: Receiver;
  let browser: Browser;
  /** How `/a` answers: its receiver is down until the test brings it back. */
  let aIsUp = false;
  const subs: Record<'a' | 'b' | 'gone', { id: string; secret: string }> = {} as any;
  const api = (method: string, path: string, token: string = TOKENS.admin, body?: unknown) =>
    callApi(ex.baseURL, method, path, token, body);
  const requestsTo = (path: string, from = 0) => receiver.requests.slice(from).filter((r) => r.url === path);
  const entriesOf = async (sub: string) =>
    (await api('GET', `/webhooks/events?limit=100&subscriptionId=${subs[sub as 'a'].id}`)).body.items as {
      id: string;
      status: string;
    }[];

  beforeAll(async () => {
    receiver = await Receiver.start('127.0.0.1', (req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/gone') res.statusCode = 410;
      else if (req.url === '/a' && aIsUp) res.statusCode = 200;
      else res.statusCode = 500;
      res.end(res.statusCode === 200 ? '{"received":true,"by":"EMR interface"}' : '{"error":"EMR interface down"}');
    });
    ex = await startExampleApp();
    browser = await launchChromium(chromiumPath);
    for (const [key, events, userIds] of [
      ['a', ['report_signed'], ['alice']],
      ['b', ['report_signed'], ['bob']],
      ['gone', ['sample_rejected'], []],
    ] as const) {
      const res = await api('POST', '/webhooks/subscriptions', TOKENS.admin, {
        url: receiver.url(`/${key}`),
        events,
        userIds,
        headers: { 'X-Lab': 'north' },
      });
      expect(res.status).toBe(201);
      subs[key] = { id: res.body.id, secret: res.body.signingSecret };
    }
    for (const reportId of ['R-1', 'R-2', 'R-3'])
      expect((await api('POST', '/lab/events/report_signed', TOKENS.admin, { reportId })).status).toBe(202);
    expect((await api('POST', '/lab/events/sample_rejected', TOKENS.admin, { sampleId: 'S-1' })).status).toBe(202);
    await waitUntil(
      async () =>
        [...(await entriesOf('a')), ...(await entriesOf('b'))].filter((e) => e.status === 'failed').length === 6,
      "the six report entries to fail (a's and b's receivers are down)",
    );
    await waitUntil(
      async () => (await api('GET', `/webhooks/subscriptions/${subs.gone.id}`)).body.active === false,
      'the endpoint that answered 410 to be deactivated',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await ex?.close();
    await receiver?.close();
  });

  const rowOf = (page: Page, path: string) =>
    page.locator('table.endpoints tbody tr').filter({ hasText: receiver.url(path) });
  const openEndpoint = async (page: Page, path: string) => {
    await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
    await page.getByRole('link', { name: receiver.url(path), exact: true }).click();
    await page.getByRole('heading', { name: 'Health' }).waitFor();
    await page.locator('.stats dl').waitFor();
  };
  const actionAnswer = (page: Page, button: string) =>
    page
      .locator('.action')
      .filter({ has: page.getByRole('button', { name: button }) })
      .locator('.action-result');

  it("an admin sees each endpoint's health, tests it, and recovers its failed entries with the same webhook-id", async () => {
    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.admin);
    await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
    await rowOf(page, '/a').getByText('0 % delivered · 3 failed').waitFor();
    await expect(rowOf(page, '/gone').innerText()).resolves.toMatch(
      /Deactivated by the module on .*: it answered 410 Gone/,
    );
    await expectNoSeriousAxe(page);
    await screenshots(page, 'endpoints-health');

    await openEndpoint(page, '/a');
    const stats = await page.locator('.stats').innerText();
    expect(stats).toMatch(/Delivered\s+0 %/);
    expect(stats).toMatch(/Succeeded\s+0/);
    expect(stats).toMatch(/Failed\s+3/);
    expect(stats).not.toMatch(/Failing since\s+not failing/);

    // The receiver is down: the test says so, with its answer.
    let seen = receiver.requests.length;
    await page.getByRole('button', { name: 'Send test' }).click();
    const testAnswer = actionAnswer(page, 'Send test');
    await testAnswer.getByText(/^Failed: HTTP 500 in \d+ ms/).waitFor();
    await expect(testAnswer.innerText()).resolves.toContain('EMR interface down');

    // Back up: one signed request, with the endpoint's headers, and the answer on the page.
    aIsUp = true;
    seen = receiver.requests.length;
    await page.getByRole('button', { name: 'Send test' }).click();
    await testAnswer.getByText(/^Received: HTTP 200 in \d+ ms\.$/).waitFor();
    await expect(testAnswer.innerText()).resolves.toContain('"by":"EMR interface"');
    const tests = requestsTo('/a', seen);
    expect(tests).toHaveLength(1);
    expect(tests[0].headers['x-lab']).toBe('north');
    const signed = new Webhook(subs.a.secret).verify(tests[0].body, tests[0].headers as Record<string, string>);
    expect(signed).toMatchObject({ eventType: 'webhook_test', subscriptionId: subs.a.id });
    await expectNoSeriousAxe(page);

    // Recover: a dry run counts, and sends nothing.
    const failedOfA = (await entriesOf('a')).map((e) => e.id);
    seen = receiver.requests.length;
    const recover = page.locator('form.recover');
    await recover.getByLabel('Only count them (dry run)').check();
    await recover.getByRole('button', { name: 'Recover' }).click();
    await recover.getByText('3 entries match; nothing was queued (dry run).').waitFor();

    // The real thing: progress until completed; a's three entries arrive again, b's do not.
    await recover.getByLabel('Only count them (dry run)').uncheck();
    await recover.getByRole('button', { name: 'Recover' }).click();
    await recover.getByText('Completed: 3 of 3 entries queued again.').waitFor();
    await expect(recover.locator('progress').evaluate((p) => [(p as any).value, (p as any).max])).resolves.toEqual([
      3, 3,
    ]);
    const wanted = failedOfA.map(webhookMessageId);
    const again = () => requestsTo('/a', seen).map((r) => r.headers['webhook-id']);
    await waitUntil(() => wanted.every((id) => again().includes(id)), "a's three entries to arrive again");
    expect(again().sort()).toEqual([...wanted].sort());
    expect(requestsTo('/b', seen)).toEqual([]);
    await screenshots(page, 'endpoint-health');

    // Another task holds the endpoint: the 409 names it, beside the control; nothing is queued.
    const holder = '01a1f000-0000-7000-8000-00000000beef';
    await ex.dataSource.query('INSERT INTO webhook_task_locks (subscription_id, task_id) VALUES (?, ?)', [
      subs.a.id,
      holder,
    ]);
    try {
      const before = receiver.requests.length;
      // a's entries have all succeeded by now: ask for those, so that the task has something to hold.
      await recover.getByLabel('Entries that ended').selectOption('succeeded');
      await recover.getByRole('button', { name: 'Recover' }).click();
      const conflict = recover.locator('.form-errors').getByRole('alert');
      await conflict.waitFor();
      await expect(conflict.innerText()).resolves.toContain(`Task ${holder} is already recovering entries`);
      expect(receiver.requests.length).toBe(before);
    } finally {
      await ex.dataSource.query('DELETE FROM webhook_task_locks WHERE task_id = ?', [holder]);
    }
    // A bad period: the message beside "Since".
    await recover.getByLabel('Since (your time)').fill('');
    await recover.getByRole('button', { name: 'Recover' }).click();
    await recover.locator('[data-field="since"] .field-error').waitFor();
    await expect(recover.getByLabel('Since (your time)').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an admin re-enables the endpoint the module deactivated after a 410', async () => {
    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.admin);
    await openEndpoint(page, '/gone');
    const status = page.locator('.endpoint-status');
    await expect(status.innerText()).resolves.toMatch(/Deactivated by the module on .*: it answered 410 Gone/);
    await expectNoSeriousAxe(page);
    await page.getByRole('button', { name: 'Re-enable' }).click();
    await status.getByText(/^✓ Active$/).waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).waitFor();
    expect((await api('GET', `/webhooks/subscriptions/${subs.gone.id}`)).body).toMatchObject({
      active: true,
      disabledReason: null,
      disabledAt: null,
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a test delivery to an address where nothing listens says there was no answer, and why', async () => {
    const closed = await Receiver.start();
    const url = closed.url('/nobody');
    await closed.close();
    const created = await api('POST', '/webhooks/subscriptions', TOKENS.admin, { url, events: ['report_signed'] });
    expect(created.status).toBe(201);
    try {
      const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.admin);
      await page.goto(`/webhooks/ui#/endpoints/${created.body.id}`);
      await page.getByRole('button', { name: 'Send test' }).click();
      const answer = actionAnswer(page, 'Send test');
      await answer.getByText(/^Failed: No answer in \d+ ms \(.+\)\.$/).waitFor();
      expect(await answer.locator('pre').count()).toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      await api('DELETE', `/webhooks/subscriptions/${created.body.id}`);
    }
  });

  it('a Webhook User sees the health of assigned endpoints and may recover them; nothing else', async () => {
    const { page, context, problems } = await signIn(browser, ex.baseURL, TOKENS.user);
    await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
    await page.locator('table.endpoints').waitFor();
    expect(await page.locator('table.endpoints tbody tr').count()).toBe(1);
    await rowOf(page, '/a')
      .getByText(/% delivered/)
      .waitFor();
    await openEndpoint(page, '/a');
    for (const name of ['Send test', 'Re-enable', 'Deactivate', 'Activate', 'Rotate signing secret', 'Delete endpoint'])
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    const recover = page.locator('form.recover');
    await recover.getByLabel('Entries that ended').selectOption('succeeded');
    await recover.getByLabel('Only count them (dry run)').check();
    await recover.getByRole('button', { name: 'Recover' }).click();
    await recover.getByText(/entr(y|ies) match; nothing was queued/).waitFor();
    await expectNoSeriousAxe(page);

    // bob's endpoint is not alice's: its page says it is not found, and shows no control.
    await page.goto(`/webhooks/ui#/endpoints/${subs.b.id}`);
    await page
      .getByRole('alert')
      .getByText(/Not found/)
      .waitFor();
    expect(await page.locator('form.recover').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
