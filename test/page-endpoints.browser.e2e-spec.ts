import type { Browser } from 'playwright-core';
import { describeInBrowser, launchChromium, screenshots, expectNoSeriousAxe, watchedContext } from './support/browser';
import { bearer, TOKENS } from './support/env';
import { RunningExample, startExampleApp } from './support/example-app';
import { openNewEndpointForm } from './support/page-fixture';
import { Receiver } from './support/receiver';

/** A Webhook Admin manages an endpoint from the page, in a real Chromium, on the example app. */
describeInBrowser('the webhooks page: endpoints (real Chromium)', (chromiumPath) => {
  let ex: RunningExample;
  let receiver: Receiver;
  let browser: Browser;

  beforeAll(async () => {
    receiver = await Receiver.start();
    ex = await startExampleApp();
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
    await ex?.close();
    await receiver?.close();
  });

  const subscriptionsByApi = async () => {
    const res = await fetch(`${ex.baseURL}/webhooks/subscriptions?limit=100`, { headers: bearer(TOKENS.admin) });
    return (((await res.json()) as any).items as { id: string; url: string; active: boolean }[]).filter((s) =>
      s.url.startsWith(receiver.url('')),
    );
  };

  it('an admin creates an endpoint (field errors for a bad URL first), rotates its secret and deletes it', async () => {
    const { context, problems } = await watchedContext(browser, ex.baseURL);
    const page = await context.newPage();
    await openNewEndpointForm(page, TOKENS.admin);

    // A bad URL and no event: each message beside its own control, nothing created.
    await page.getByLabel('URL', { exact: true }).fill('ftp://partner.example.com/hook');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const urlField = page.locator('[data-field="url"]');
    await urlField.locator('.field-error').waitFor();
    await expect(urlField.locator('.field-error').innerText()).resolves.toMatch(/url/i);
    await expect(page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('[data-field="events"] .field-error').innerText()).resolves.toMatch(/events/);
    expect(await subscriptionsByApi()).toEqual([]);
    await expectNoSeriousAxe(page);
    await screenshots(page, 'endpoint-form-errors');

    await page.getByLabel('URL', { exact: true }).fill(receiver.url('/partner'));
    await page.getByLabel('report_signed').check();
    await page.getByLabel('Description').fill('Partner LIMS');
    await page.getByLabel('Assigned Webhook Users').fill('alice, bob');
    await page.getByLabel('Delivery order').selectOption('subject');
    await page.getByLabel('Custom headers').fill('X-Partner-Key: pk-page-1');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: 'Endpoint created' }).waitFor();
    const firstSecret = await page.getByLabel('New signing secret').inputValue();
    expect(firstSecret).toMatch(/^whsec_/);
    const [created] = await subscriptionsByApi();
    expect(created).toMatchObject({ url: receiver.url('/partner'), active: true, ordering: 'subject' });

    await page.getByRole('link', { name: 'Open the endpoint' }).click();
    await page.getByRole('button', { name: 'Rotate signing secret' }).click();
    await page.getByLabel('New signing secret').waitFor();
    const secondSecret = await page.getByLabel('New signing secret').inputValue();
    expect(secondSecret).toMatch(/^whsec_/);
    expect(secondSecret).not.toBe(firstSecret);
    await expect(page.locator('.secret-panel').innerText()).resolves.toContain('previous secret keeps signing');

    await page.getByLabel('Description').fill('Partner LIMS, production');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    const edited = await fetch(`${ex.baseURL}/webhooks/subscriptions/${created.id}`, { headers: bearer(TOKENS.admin) });
    expect(await edited.json()).toMatchObject({
      description: 'Partner LIMS, production',
      userIds: ['alice', 'bob'],
      headers: { 'X-Partner-Key': { hasValue: true } },
    });
    // The form showed the header's name only, and saving it left its value as it was.
    await expect(page.getByLabel('Custom headers').inputValue()).resolves.toBe('X-Partner-Key:');
    receiver.requests.length = 0;
    const tested = await fetch(`${ex.baseURL}/webhooks/subscriptions/${created.id}/test`, {
      method: 'POST',
      headers: bearer(TOKENS.admin),
    });
    expect(tested.status).toBe(200);
    expect(receiver.requests.map((r) => r.headers['x-partner-key'])).toEqual(['pk-page-1']);

    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('Inactive: no new deliveries').waitFor();
    expect((await subscriptionsByApi())[0].active).toBe(false);

    await expectNoSeriousAxe(page);
    await screenshots(page, 'endpoint-detail');

    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByText(`Endpoint ${receiver.url('/partner')} deleted`).waitFor();
    expect(await subscriptionsByApi()).toEqual([]);
    const gone = await fetch(`${ex.baseURL}/webhooks/subscriptions/${created.id}`, { headers: bearer(TOKENS.admin) });
    expect(gone.status).toBe(404);
    await screenshots(page, 'endpoints');
    expect(problems).toEqual([]);
    await context.close();
  });
});
