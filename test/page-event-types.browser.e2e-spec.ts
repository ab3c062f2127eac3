import { Webhook } from 'standardwebhooks';
import { EXAMPLES } from '../src/event-types/schemas/examples';
import { describeInBrowser, screenshots, expectNoSeriousAxe, signIn } from './support/browser';
import { TOKENS } from './support/env';
import { callApi } from './support/example-app';
import { pageFixture, showsView, viewReady } from './support/page-fixture';

/** An admin reads an event type's fields and sends its example to an endpoint, in a real Chromium. */
describeInBrowser('the webhooks page: event types (real Chromium)', (chromiumPath) => {
  const f = pageFixture(chromiumPath);

  it("shows report_signed's fields and example, and sends the example, signed, to the endpoint chosen by keyboard", async () => {
    const create = (path: string, description: string) =>
      callApi(f.ex.baseURL, 'POST', '/webhooks/subscriptions', TOKENS.admin, {
        url: f.receiver.url(path),
        events: ['report_signed'],
        description,
      });
    const first = await create('/clinic-a', 'Clinic A EMR');
    const second = await create('/clinic-b', 'Clinic B EMR');
    expect([first.status, second.status]).toEqual([201, 201]);

    const { page, context, problems } = await signIn(f.browser, f.ex.baseURL, TOKENS.admin);
    await showsView(page, '/event-types', () => page.getByRole('link', { name: 'Event types', exact: true }).click());
    await showsView(page, '/event-types/:name', () =>
      page.getByRole('link', { name: 'report_signed', exact: true }).click(),
    );
    await page.getByRole('heading', { name: 'Event type report_signed' }).waitFor();

    // A field as a receiver's engineer reads it: path, type and what it means.
    const row = page.getByRole('row', { name: /^orderingFacility\.id\b/ });
    const cells = await row.locator('th, td').allInnerTexts();
    expect(cells[0]).toBe('orderingFacility.id');
    expect(cells[1]).toBe('string');
    expect(cells[2].length).toBeGreaterThan(10);
    const shown = await page.getByLabel('Example payload of report_signed').innerText();
    expect(JSON.parse(shown)).toEqual(EXAMPLES.report_signed);
    await expectNoSeriousAxe(page);
    await screenshots(page, 'event-type');

    // Keyboard only: the first endpoint is chosen; ArrowDown chooses the second, then Tab, Enter.
    const endpoint = page.getByLabel('Endpoint', { exact: true });
    const values = await endpoint.locator('option').evaluateAll((os) => os.map((o) => (o as any).value as string));
    expect([...values].sort()).toEqual([first.body.id, second.body.id].sort());
    const chosen = [first.body, second.body].find((s) => s.id === values[1])!;
    await endpoint.focus();
    await page.keyboard.press('ArrowDown');
    await expect(endpoint.inputValue()).resolves.toBe(chosen.id);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => (globalThis as any).document.activeElement.textContent)).resolves.toBe(
      'Send example',
    );
    await page.keyboard.press('Enter');
    await page.getByText(/^Received: HTTP 204 in \d+ ms\.$/).waitFor();

    expect(f.receiver.requests.map((r) => r.url)).toEqual([new URL(chosen.url).pathname]);
    const [req] = f.receiver.requests;
    expect(req.headers['webhook-schema']).toBe('report_signed/1');
    expect(req.headers['x-webhook-event']).toBe('report_signed');
    const verified = new Webhook(chosen.signingSecret).verify(req.body, req.headers as Record<string, string>);
    expect(verified).toEqual(EXAMPLES.report_signed);
    expect(JSON.parse(req.body)).toEqual(EXAMPLES.report_signed);
    // A test delivery, not an event: nothing in the log; the admin's action is audited.
    expect(Number((await f.ex.dataSource.query('SELECT COUNT(*) AS n FROM webhook_deliveries'))[0].n)).toBe(0);
    const audit = await callApi(f.ex.baseURL, 'GET', `/webhooks/audit?subscriptionId=${chosen.id}`, TOKENS.admin);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toContain('subscription.tested');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a Webhook User reads the event types but is offered no test delivery', async () => {
    const { page, context, problems } = await signIn(f.browser, f.ex.baseURL, TOKENS.user);
    await page.goto('/webhooks/ui#/event-types/sample_rejected');
    await viewReady(page, '/event-types/:name');
    await page.getByRole('row', { name: /^reason\b/ }).waitFor();
    await expect(page.getByRole('heading', { name: 'Send example to…' }).count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
