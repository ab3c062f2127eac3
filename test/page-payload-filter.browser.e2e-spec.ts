import { EXAMPLES } from '../src/event-types/schemas/examples';
import { describeInBrowser, screenshots, expectNoSeriousAxe, signIn } from './support/browser';
import { TOKENS } from './support/env';
import { callApi } from './support/example-app';
import { pageFixture, showsView, viewReady } from './support/page-fixture';
import { waitUntil } from './support/wait';

/** An admin sets an endpoint's payload filter on the page; only that clinic's events reach it (real Chromium). */
describeInBrowser('the webhooks page: payload filter of an endpoint (real Chromium)', (chromiumPath) => {
  const f = pageFixture(chromiumPath);

  const reportOf = (facility: string, reportId: string) => ({
    ...EXAMPLES.report_signed,
    reportId,
    orderingFacility: { id: facility, name: `Clinic ${facility}` },
  });
  /** Publishes one report of each facility through the example app; resolves once both were written. */
  const publishBoth = async (round: string) => {
    for (const facility of ['F-1', 'F-2']) {
      const res = await callApi(
        f.ex.baseURL,
        'POST',
        '/lab/events/report_signed',
        TOKENS.admin,
        reportOf(facility, `R-${round}-${facility}`),
      );
      expect(res.status).toBeLessThan(300);
    }
  };
  const delivered = () => f.receiver.requests.map((r) => JSON.parse(r.body).reportId as string);
  const entries = async () =>
    Number((await f.ex.dataSource.query('SELECT COUNT(*) AS n FROM webhook_deliveries'))[0].n);

  it('refuses an unknown path beside the field with the allowed paths, then sends only F-1; an edit moves it to F-2', async () => {
    const { page, context, problems } = await signIn(f.browser, f.ex.baseURL, TOKENS.admin);
    await page.goto('/webhooks/ui#/endpoints/new');
    await viewReady(page, '/endpoints/new');
    await page.getByLabel('URL', { exact: true }).fill(f.receiver.url('/clinic-1'));
    await page.getByLabel('report_signed').check();
    const filter = page.getByLabel('Payload filter (optional)');

    // Not JSON: said beside the field, nothing sent to the server.
    await filter.fill('{"orderingFacility.id": F-1}');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const fieldError = page.locator('[data-field="filter"] .field-error');
    await expect(fieldError.innerText()).resolves.toMatch(/^filter is not valid JSON/);

    // A path the schema does not have: the server's 400, with the allowed paths, beside the field.
    await filter.fill('{"orderingFacility.code": "F-1"}');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.locator('[data-field="filter"] .field-error', { hasText: 'orderingFacility.code' }).waitFor();
    const said = await fieldError.innerText();
    expect(said).toMatch(/^filter: unknown path "orderingFacility\.code"; allowed paths: /);
    expect(said).toContain('orderingFacility.id');
    await expect(filter.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(filter.evaluate((e) => (globalThis as any).document.activeElement === e)).resolves.toBe(true);
    expect((await callApi(f.ex.baseURL, 'GET', '/webhooks/subscriptions', TOKENS.admin)).body.items).toEqual([]);
    await expectNoSeriousAxe(page);
    await screenshots(page, 'endpoint-filter-error');

    // Typed by keyboard, as a person would.
    await filter.fill('');
    await filter.pressSequentially('{"orderingFacility.id": "F-1"}');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: 'Endpoint created' }).waitFor();
    const [created] = (await callApi(f.ex.baseURL, 'GET', '/webhooks/subscriptions', TOKENS.admin)).body.items;
    expect(created.filter).toEqual({ 'orderingFacility.id': 'F-1' });

    await publishBoth('a');
    // The filter runs before anything is written: one entry, for F-1.
    expect(await entries()).toBe(1);
    await f.receiver.waitFor(1);
    await waitUntil(
      async () => (await f.ex.dataSource.query('SELECT status FROM webhook_deliveries'))[0].status === 'succeeded',
      'the delivery to succeed',
    );
    expect(delivered()).toEqual(['R-a-F-1']);

    // The edit form shows the saved filter; changed to F-2, it sends F-2's report only.
    await showsView(page, '/endpoints/:id', () => page.getByRole('link', { name: 'Open the endpoint' }).click());
    await expect(filter.inputValue().then((v) => JSON.parse(v))).resolves.toEqual({ 'orderingFacility.id': 'F-1' });
    await filter.fill('{"orderingFacility.id": {"$in": ["F-2"]}}');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    await publishBoth('b');
    await f.receiver.waitFor(2);
    expect(await entries()).toBe(2);
    expect(delivered()).toEqual(['R-a-F-1', 'R-b-F-2']);
    await screenshots(page, 'endpoint-filter-edit');
    expect(problems).toEqual([]);
    await context.close();
  });
});
