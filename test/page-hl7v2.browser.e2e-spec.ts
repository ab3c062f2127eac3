import type { Browser } from 'playwright-core';
import { describeInBrowser, launchChromium, screenshots, expectNoSeriousAxe, watchedContext } from './support/browser';
import { bearer, TOKENS } from './support/env';
import { RunningExample, startExampleApp } from './support/example-app';
import { Hl7Listener, reportPayload } from './support/hl7-listener';
import { openNewEndpointForm } from './support/page-fixture';
import { Receiver } from './support/receiver';
import { waitUntil } from './support/wait';

/** An admin sets up an HL7 v2 endpoint on the page and reads the receiver's ACK, in a real Chromium. */
describeInBrowser('the webhooks page: HL7 v2 endpoints (real Chromium)', (chromiumPath) => {
  let ex: RunningExample;
  let receiver: Receiver;
  let browser: Browser;
  const listener = new Hl7Listener();

  beforeAll(async () => {
    receiver = await Receiver.start('127.0.0.1', listener.handler);
    ex = await startExampleApp();
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
    await ex?.close();
    await receiver?.close();
  });

  it('creates an HL7 v2 endpoint with its receiver, then shows the ACK one segment per line', async () => {
    const { context, problems } = await watchedContext(browser, ex.baseURL);
    const page = await context.newPage();
    await openNewEndpointForm(page, TOKENS.admin);

    // The receiver's fields appear once HL7 v2 is chosen.
    await expect(page.getByLabel('Receiving application').isVisible()).resolves.toBe(false);
    await page.getByLabel('URL', { exact: true }).fill(receiver.url('/hl7'));
    await page.getByLabel('report_signed').check();
    await page.getByLabel('Body format').selectOption('hl7v2');
    await page.getByLabel('Receiving application').fill('EMR');
    await page.getByLabel('Receiving facility').fill('NORTH^CLINIC');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const hl7Field = page.locator('[data-field="hl7"] .field-error');
    await hl7Field.waitFor();
    await expect(hl7Field.innerText()).resolves.toMatch(/^hl7\.receivingFacility must not contain/);

    await page.getByLabel('Receiving facility').fill('NORTH_CLINIC');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: 'Endpoint created' }).waitFor();
    const res = await fetch(`${ex.baseURL}/webhooks/subscriptions?limit=10`, { headers: bearer(TOKENS.admin) });
    const [created] = ((await res.json()) as any).items;
    expect(created).toMatchObject({
      format: 'hl7v2',
      hl7: { receivingApplication: 'EMR', receivingFacility: 'NORTH_CLINIC' },
    });

    const published = await fetch(`${ex.baseURL}/lab/events/report_signed`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.admin), 'content-type': 'application/json' },
      body: JSON.stringify(reportPayload()),
    });
    expect(published.status).toBeLessThan(300);
    await waitUntil(async () => {
      const [row] = await ex.dataSource.query('SELECT id, status FROM webhook_deliveries');
      return row?.status === 'succeeded' && row;
    }, 'the HL7 delivery to succeed');
    const [{ id }] = await ex.dataSource.query('SELECT id FROM webhook_deliveries');

    await page.goto(`/webhooks/ui#/events/${id}`);
    const body = page.getByLabel('Response body of attempt 1');
    await body.waitFor();
    const lines = (await body.innerText()).split('\n');
    expect(lines.map((l) => l.slice(0, 4))).toEqual(['MSH|', 'MSA|']);
    expect(lines[1]).toBe(`MSA|AA|${listener.messages[0].controlId}`);
    // The message itself, one segment per line: the bytes the listener got, rendered again.
    const sent = receiver.requests[0].body;
    const shown = await page.getByLabel('Message sent (HL7 v2)').innerText();
    expect(shown).toBe(sent.replace(/\r$/, '').split('\r').join('\n'));
    expect(shown.split('\n').map((l) => l.slice(0, 3))).toEqual(
      listener.messages[0].segments.map((seg) => seg.segmentType),
    );
    await expectNoSeriousAxe(page);
    await screenshots(page, 'event-detail-hl7v2');
    expect(problems).toEqual([]);
    await context.close();
  });
});
