import { describeInBrowser, expectNoSeriousAxe, signIn } from './support/browser';
import { bearer, TOKENS } from './support/env';
import { pageFixture, viewReady } from './support/page-fixture';
import { waitUntil } from './support/wait';

/**
 * An endpoint's URL changed after an entry was sent: the entry shows where each attempt went,
 * and a resend asks first, in a dialog naming both URLs. Real Chromium, the example app.
 */
describeInBrowser("the webhooks page: resending to an endpoint's new URL (real Chromium)", (chromiumPath) => {
  const f = pageFixture(chromiumPath);

  const api = (method: string, path: string, body?: unknown, token: string = TOKENS.admin) =>
    fetch(`${f.ex.baseURL}${path}`, {
      method,
      headers: { ...bearer(token), 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const row = async (id: string) =>
    (await f.ex.dataSource.query('SELECT status, attempt_count FROM webhook_deliveries WHERE id = ?', [id]))[0];

  it("a Webhook User reads each attempt's URL, cancels once, then confirms: the receiver at the new URL gets it", async () => {
    const oldUrl = f.receiver.url('/old-lis');
    const newUrl = f.receiver.url('/new-lis');
    const created = await api('POST', '/webhooks/subscriptions', {
      url: oldUrl,
      events: ['report_signed'],
      userIds: ['alice'],
    });
    const { id: subscriptionId } = (await created.json()) as { id: string };
    expect((await api('POST', '/lab/events/report_signed', { reportId: 'R-URL' })).status).toBe(202);
    const { id } = await waitUntil(async () => {
      const [r] = await f.ex.dataSource.query(
        "SELECT id FROM webhook_deliveries WHERE subscription_id = ? AND status = 'succeeded'",
        [subscriptionId],
      );
      return r as { id: string } | undefined;
    }, 'the first delivery');
    expect((await api('PATCH', `/webhooks/subscriptions/${subscriptionId}`, { url: newUrl })).status).toBe(200);
    const sentToNew = () => f.receiver.requests.filter((r) => r.url === '/new-lis').length;

    const { page, context, problems } = await signIn(f.browser, f.ex.baseURL, TOKENS.user);
    await page.goto(`/webhooks/ui#/events/${id}`);
    await viewReady(page, '/events/:id');
    const firstAttempt = page.locator('li.attempt').first();
    await expect(firstAttempt.locator('dt:text-is("Sent to") + dd').innerText()).resolves.toBe(oldUrl);

    // Cancel: nothing is sent.
    await page.getByRole('button', { name: 'Resend this entry' }).click();
    const dialog = page.getByRole('dialog', { name: "Send to the endpoint's new URL?" });
    await dialog.waitFor();
    await expect(dialog.innerText()).resolves.toContain(
      `1 entry was last sent to ${oldUrl}. The endpoint now sends to ${newUrl}.`,
    );
    await expectNoSeriousAxe(page);
    await page.keyboard.press('Escape');
    await page.getByText('Canceled: nothing was queued.').waitFor();
    expect(await dialog.count()).toBe(0);
    expect((await row(id)).attempt_count).toBe(1);

    // Confirm: it goes to the new URL, and the detail shows both.
    await page.getByRole('button', { name: 'Resend this entry' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Send to the new URL' }).click();
    await page.getByText('1 queued for delivery again').waitFor();
    await waitUntil(async () => (await row(id)).status === 'succeeded' && sentToNew() === 1, 'the resend to arrive');
    await page.reload();
    await viewReady(page, '/events/:id');
    const sentTo = await page.locator('li.attempt dt:text-is("Sent to") + dd').allTextContents();
    expect(sentTo).toEqual([oldUrl, newUrl]);
    const audit = await (await api('GET', '/webhooks/audit?action=events.redirected')).json();
    expect((audit as any).items[0]).toMatchObject({
      actorId: 'alice',
      deliveryIds: [id],
      urlChanges: [{ from: oldUrl, to: newUrl, count: 1 }],
    });
    expect(problems).toEqual([]);
    await context.close();
  });
});
