import type { Browser, Page } from 'playwright-core';
import { webhookMessageId } from '../src/sending/signer';
import {
  describeInBrowser,
  launchChromium,
  screenshots,
  expectNoSeriousAxe,
  signIn as signInAs,
  waitForLogRows,
  watchedContext,
} from './support/browser';
import { TOKENS } from './support/env';
import { callApi, RunningExample, startExampleApp } from './support/example-app';
import { Receiver } from './support/receiver';
import { waitUntil } from './support/wait';

/**
 * The webhooks page in a real Chromium, against the example lab app on MariaDB and Redis,
 * with a live receiver on loopback: what an admin, a Webhook User and a guest see and do.
 */
describeInBrowser('the webhooks page: event log and detail (real Chromium)', (chromiumPath) => {
  let ex: RunningExample;
  let receiver: Receiver;
  let browser: Browser;
  const FAIL_BODY = '{"error":"lims gateway down","ref":"R-503"}';
  /** Entry ids by `<receiver path> <event type>`. */
  const entries: Record<string, string> = {};

  const api = (method: string, path: string, token: string, body?: unknown) =>
    callApi(ex.baseURL, method, path, token, body);
  const statusOf = async (id: string) => (await api('GET', `/webhooks/events/${id}`, TOKENS.admin)).body.status;

  beforeAll(async () => {
    receiver = await Receiver.start('127.0.0.1', (req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/fail') {
        res.statusCode = 503;
        res.end(FAIL_BODY);
      } else {
        res.statusCode = 200;
        res.end('{"ok":true}');
      }
    });
    ex = await startExampleApp();
    browser = await launchChromium(chromiumPath);
    const ok = await api('POST', '/webhooks/subscriptions', TOKENS.admin, {
      url: receiver.url('/ok'),
      events: ['report_signed', 'sample_rejected'],
      description: 'Partner LIMS',
      userIds: ['alice'],
    });
    const fail = await api('POST', '/webhooks/subscriptions', TOKENS.admin, {
      url: receiver.url('/fail'),
      events: ['report_signed'],
      username: 'lab',
      password: 'basic-pw-not-shown',
      userIds: ['bob'],
    });
    expect([ok.status, fail.status]).toEqual([201, 201]);
    // Through the example lab's own domain route, as its services would.
    for (const [type, payload] of [
      ['report_signed', { reportId: 'R-1', patient: { name: 'Jane Roe', mrn: 'MRN-1' } }],
      ['sample_rejected', { sampleId: 'S-9', reason: 'hemolyzed' }],
    ] as const) {
      const res = await api('POST', `/lab/events/${type}`, TOKENS.admin, payload);
      expect(res.status).toBe(202);
    }
    const all = (await api('GET', '/webhooks/events?limit=100', TOKENS.admin)).body.items as {
      id: string;
      url: string;
      eventType: string;
    }[];
    expect(all).toHaveLength(3);
    for (const e of all) entries[`${new URL(e.url).pathname} ${e.eventType}`] = e.id;
    await waitUntil(
      async () => (await Promise.all(all.map((e) => statusOf(e.id)))).every((s) => s === 'succeeded' || s === 'failed'),
      'every entry to end',
    );
    expect(await statusOf(entries['/fail report_signed'])).toBe('failed');
  });
  afterAll(async () => {
    await browser?.close();
    await ex?.close();
    await receiver?.close();
  });

  const signIn = (token: string) => signInAs(browser, ex.baseURL, token);
  const rows = (page: Page) => page.locator('table.log tbody tr');
  const waitForRows = waitForLogRows;

  it("an admin filters by status and event type, reads a failed entry's real response, and resends two entries", async () => {
    const { page, context, problems } = await signIn(TOKENS.admin);
    expect(new URL(page.url()).pathname).toBe('/webhooks/ui');
    await waitForRows(page, 3);
    await expectNoSeriousAxe(page);
    await screenshots(page, 'event-log');

    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=failed/);
    await waitForRows(page, 1, 'Failed');

    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Event type').selectOption('sample_rejected');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/eventType=sample_rejected/);
    await waitForRows(page, 1, 'sample_rejected');

    // The failed entry: the receiver's own answer, as it sent it.
    await page.goto(`/webhooks/ui#/events?status=failed`);
    await waitForRows(page, 1, 'Failed');
    await page.locator('table.log tbody tr a').first().click();
    await page.getByRole('heading', { name: /Payload/ }).waitFor();
    const detail = await page.locator('main').innerText();
    expect(detail).toContain('lims gateway down');
    expect(detail).toContain('R-503');
    expect(detail).toContain('HTTP 503');
    expect(detail).toContain('"name": "Jane Roe"'); // the payload, formatted
    expect(detail).toContain('Basic [redacted]');
    expect(detail).not.toContain('basic-pw-not-shown');
    await expectNoSeriousAxe(page);
    await screenshots(page, 'event-detail');

    // Two entries selected on the page, resent: the receiver gets both again, same webhook-id.
    await page.goto('/webhooks/ui#/events?eventType=report_signed');
    await waitForRows(page, 2, 'report_signed');
    const seen = receiver.requests.length;
    await rows(page).nth(0).getByRole('checkbox').check();
    await rows(page).nth(1).getByRole('checkbox').check();
    await page.getByRole('button', { name: /Resend selected \(2\)/ }).click();
    await page.getByText('2 queued for delivery again').waitFor();
    const again = () => receiver.requests.slice(seen).map((r) => r.headers['webhook-id']);
    const resent = [entries['/ok report_signed'], entries['/fail report_signed']].map(webhookMessageId);
    await waitUntil(() => resent.every((id) => again().includes(id)), 'both entries to arrive again');
    expect(new Set(again())).toEqual(new Set(resent));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a Webhook User sees only the entries of assigned endpoints, and no admin controls', async () => {
    const { page, context, problems } = await signIn(TOKENS.user);
    await waitForRows(page, 2);
    const text = await page.locator('table.log tbody').innerText();
    expect(text).toContain(receiver.url('/ok'));
    expect(text).not.toContain(receiver.url('/fail'));
    await expect(page.locator('#nav').innerText()).resolves.toContain('alice (Webhook User)');
    await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
    await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await page.locator('table.endpoints').waitFor();
    expect(await page.locator('table.endpoints tbody tr').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'New endpoint' }).count()).toBe(0);
    await expectNoSeriousAxe(page);
    await page.locator('table.endpoints tbody tr a').first().click();
    await page.getByText('Event log of this endpoint').waitFor();
    for (const name of ['Rotate signing secret', 'Delete endpoint', 'Deactivate', 'Save changes']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    // The one form a Webhook User gets is "Recover failed since…" (the API lets them recover their endpoints).
    expect(await page.locator('form:not(.recover)').count()).toBe(0);
    expect(await page.locator('form.recover').count()).toBe(1);
    await expectNoSeriousAxe(page);

    // Resend reports what was not found: alice selects her entries, then loses the endpoint.
    const okId = (await api('GET', '/webhooks/subscriptions?limit=100', TOKENS.admin)).body.items.find(
      (x: { url: string }) => x.url === receiver.url('/ok'),
    ).id;
    await page.getByText('Event log of this endpoint').click();
    await page.locator('table.log').waitFor();
    await page.getByLabel('Select all on this page').check();
    expect((await api('PATCH', `/webhooks/subscriptions/${okId}`, TOKENS.admin, { userIds: [] })).status).toBe(200);
    try {
      await page.getByRole('button', { name: /Resend selected \(2\)/ }).click();
      await page.getByText('0 queued for delivery again').waitFor();
      const notFound = await page.locator('.resend-result').innerText();
      expect(notFound).toContain('2 not found');
      expect(notFound).toContain(entries['/ok report_signed']);
    } finally {
      await api('PATCH', `/webhooks/subscriptions/${okId}`, TOKENS.admin, { userIds: ['alice'] });
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a guest sees why, and no data request is answered 200', async () => {
    const { context, problems } = await watchedContext(browser, ex.baseURL);
    const page = await context.newPage();
    const answers: { url: string; status: number }[] = [];
    page.on('response', (r) => answers.push({ url: new URL(r.url()).pathname, status: r.status() }));
    await page.goto(`/lab/login?token=${TOKENS.guest}`);
    await page.getByText('You need the Webhook Admin or Webhook User permission').waitFor();
    await page.goto('/webhooks/ui#/events?status=failed'); // a deep link changes nothing
    await page.getByText('You need the Webhook Admin or Webhook User permission').waitFor();
    const data = answers.filter(
      (a) => a.url.startsWith('/webhooks/') && a.url !== '/webhooks/ui' && !a.url.startsWith('/webhooks/ui/assets/'),
    );
    expect(data.length).toBeGreaterThan(0);
    expect(data.filter((a) => a.status === 200)).toEqual([]);
    expect(await page.locator('table').count()).toBe(0);
    await expectNoSeriousAxe(page);
    await screenshots(page, 'no-access');
    expect(problems).toEqual([]);
    await context.close();
  });
});
