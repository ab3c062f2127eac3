import { describeInBrowser, expectNoSeriousAxe, watchedContext } from './support/browser';
import { bearer, TOKENS } from './support/env';
import { r4SchemaErrors, statusParameters } from './support/fhir-r4';
import { openNewEndpointForm, pageFixture, viewReady } from './support/page-fixture';
import { waitUntil } from './support/wait';

/** An admin sets up a FHIR R4 endpoint on the page; the EMR gets its handshake, in a real Chromium. */
describeInBrowser('the webhooks page: FHIR R4 endpoints (real Chromium)', (chromiumPath) => {
  const f = pageFixture(chromiumPath);

  it('creates a FHIR R4 endpoint with payload content and heartbeat; the handshake shows in the log by its type', async () => {
    const { ex, receiver, browser } = f;
    const { context, problems } = await watchedContext(browser, ex.baseURL);
    const page = await context.newPage();
    await openNewEndpointForm(page, TOKENS.admin);

    // The FHIR fields appear once FHIR R4 is chosen.
    await expect(page.getByLabel('Payload content').isVisible()).resolves.toBe(false);
    await page.getByLabel('URL', { exact: true }).fill(receiver.url('/emr'));
    await page.getByLabel('report_signed').check();
    await page.getByLabel('Body format').selectOption('fhir-r4');
    await page.getByLabel('Payload content').selectOption('empty');
    await page.getByLabel('Heartbeat (seconds)').fill('30');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const fhirField = page.locator('[data-field="fhir"] .field-error');
    await fhirField.waitFor();
    await expect(fhirField.innerText()).resolves.toMatch(/heartbeatPeriodSeconds must be at least 60/);

    await page.getByLabel('Heartbeat (seconds)').fill('300');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: 'Endpoint created' }).waitFor();
    const res = await fetch(`${ex.baseURL}/webhooks/subscriptions?limit=10`, { headers: bearer(TOKENS.admin) });
    const [created] = ((await res.json()) as any).items;
    expect(created).toMatchObject({
      format: 'fhir-r4',
      fhir: { payloadContent: 'empty', heartbeatPeriodSeconds: 300 },
    });

    await receiver.waitFor(1);
    const handshake = JSON.parse(receiver.requests[0].body);
    expect(r4SchemaErrors(handshake)).toEqual([]);
    expect(statusParameters(handshake)[3]).toEqual(['type', 'valueCode', 'handshake']);
    const id = await waitUntil(async () => {
      const [row] = await ex.dataSource.query('SELECT id, status FROM webhook_deliveries');
      return row?.status === 'succeeded' && row.id;
    }, 'the handshake to succeed');

    await page.goto(`/webhooks/ui#/events/${id}`);
    await viewReady(page, '/events/:id');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toMatch(/^handshake/);
    await expectNoSeriousAxe(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
