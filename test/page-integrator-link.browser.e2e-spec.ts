import { EXAMPLES } from '../src/event-types/schemas/examples';
import {
  describeInBrowser,
  screenshots,
  expectNoSeriousAxe,
  signIn,
  waitForLogRows,
  watchedContext,
} from './support/browser';
import { TOKENS } from './support/env';
import { callApi } from './support/example-app';
import { pageFixture, showsView, viewReady } from './support/page-fixture';
import { waitUntil } from './support/wait';

/** An admin makes an integrator link on the page; the receiving side opens it in a fresh browser (real Chromium). */
describeInBrowser('the webhooks page: integrator links (real Chromium)', (chromiumPath) => {
  const f = pageFixture(chromiumPath);

  it("a link opened with no lab session shows that endpoint's log and health only, no payload, no resend; revoked, it stops", async () => {
    const create = (path: string) =>
      callApi(f.ex.baseURL, 'POST', '/webhooks/subscriptions', TOKENS.admin, {
        url: f.receiver.url(path),
        events: ['report_signed'],
      });
    const ours = (await create('/ours')).body;
    const theirs = (await create('/theirs')).body;
    const published = await callApi(
      f.ex.baseURL,
      'POST',
      '/lab/events/report_signed',
      TOKENS.admin,
      EXAMPLES.report_signed,
    );
    expect(published.status).toBeLessThan(300);
    await waitUntil(async () => {
      const rows = await f.ex.dataSource.query(
        "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'succeeded'",
      );
      return Number(rows[0].n) === 2;
    }, 'both deliveries');

    // The admin creates the link on the endpoint's page.
    const admin = await signIn(f.browser, f.ex.baseURL, TOKENS.admin);
    await admin.page.goto(`/webhooks/ui#/endpoints/${ours.id}`);
    await viewReady(admin.page, '/endpoints/:id');
    await admin.page.getByLabel('Valid for (hours, at most 168)').fill('200');
    await admin.page.getByLabel('Note (who it is for)').fill('St. Mary interface team');
    await admin.page.getByRole('button', { name: 'Create link' }).click();
    await admin.page.locator('[data-field="expiresInHours"] .field-error').waitFor();
    await expect(admin.page.locator('[data-field="expiresInHours"] .field-error').innerText()).resolves.toBe(
      'expiresInHours must be between 1 and 168',
    );
    await admin.page.getByLabel('Valid for (hours, at most 168)').fill('24');
    await admin.page.getByRole('button', { name: 'Create link' }).click();
    const linkField = admin.page.getByLabel('Link', { exact: true });
    await linkField.waitFor();
    const url = await linkField.inputValue();
    expect(url).toMatch(/\/webhooks\/ui#link=/);
    await admin.page
      .getByRole('row', { name: /St\. Mary interface team/ })
      .getByText('Active')
      .waitFor();
    await expectNoSeriousAxe(admin.page);

    // The receiving side: a fresh browser, no cookie.
    const { context, problems } = await watchedContext(f.browser, f.ex.baseURL);
    const page = await context.newPage();
    await page.goto(url);
    await viewReady(page, '/events');
    await waitForLogRows(page, 1);
    expect(page.url()).not.toContain('link=');
    await expect(page.locator('table.log tbody').innerText()).resolves.toContain(f.receiver.url('/ours'));
    await expect(page.locator('table.log tbody').innerText()).resolves.not.toContain('/theirs');
    await expect(page.locator('.caller').innerText()).resolves.toMatch(
      /^Integrator link for http:\/\/127\.0\.0\.1:\d+\/ours, valid until/,
    );
    const nav = await page.locator('#nav a').allInnerTexts();
    expect(nav).toEqual(['Event log', 'Endpoint health']);
    await expect(page.getByLabel('Endpoint', { exact: true }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Resend/ }).isVisible()).resolves.toBe(false);
    await expectNoSeriousAxe(page);
    await screenshots(page, 'integrator-link-log');

    // An entry: attempts, but no payload and no resend.
    await showsView(page, '/events/:id', () => page.locator('table.log tbody a').first().click());
    await page.getByText('Payload not shown: this link does not share payload bodies.').waitFor();
    await expect(page.locator('main').innerText()).resolves.not.toContain(EXAMPLES.report_signed.patient.mrn);
    await expect(page.getByRole('button', { name: 'Resend this entry' }).isVisible()).resolves.toBe(false);
    await expectNoSeriousAxe(page);
    await screenshots(page, 'integrator-link-entry');

    // Health; and no way into the lab's views.
    await showsView(page, '/link', () => page.getByRole('link', { name: 'Endpoint health' }).click());
    await page.getByText('Delivered').first().waitFor();
    await showsView(page, '/events', () =>
      page.evaluate((id) => ((globalThis as any).location.hash = `#/endpoints/${id}`), theirs.id),
    );
    const [link] = (await callApi(f.ex.baseURL, 'GET', `/webhooks/subscriptions/${ours.id}/links`, TOKENS.admin)).body;
    const actors = await f.ex.dataSource.query(
      'SELECT actor_id, action FROM webhook_audit WHERE action LIKE ? ORDER BY id',
      ['link.%'],
    );
    expect(actors).toEqual([
      { actor_id: 'admin', action: 'link.created' },
      { actor_id: `link:${link.id}`, action: 'link.used' },
    ]);

    // The admin revokes it; the link's next request is refused.
    await admin.page.getByRole('button', { name: 'Revoke the link St. Mary interface team' }).click();
    await admin.page
      .getByRole('row', { name: /St\. Mary interface team/ })
      .getByText('Revoked')
      .waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'This link no longer works' }).waitFor();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/^This integrator link is not valid/);
    expect(problems).toEqual([]);
    expect(admin.problems).toEqual([]);
    await context.close();
    await admin.context.close();
  });
});
