import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchChromium, screenshots, expectNoSeriousAxe, signIn } from './support/browser';
import { bearer, TOKENS } from './support/env';
import { RunningExample, startExampleApp } from './support/example-app';
import { Receiver } from './support/receiver';
import { TestCa } from './support/test-certificates';

const DAY_MS = 86_400_000;

/** An admin sets a hospital listener's client certificate and CA on the page, in a real Chromium. */
describeInBrowser(
  "the webhooks page: an endpoint's Authentication (real Chromium, real mTLS receiver)",
  (chromiumPath) => {
    const ca = TestCa.create('Hospital Internal CA');
    const server = ca.issue({ commonName: '127.0.0.1', ips: ['127.0.0.1'] });
    const client = ca.issue({ commonName: 'north-lab', client: true });
    let ex: RunningExample;
    let receiver: Receiver;
    let browser: Browser;

    beforeAll(async () => {
      receiver = await Receiver.startHttps({
        key: server.key,
        cert: server.cert,
        ca: [ca.cert],
        requestCert: true,
        rejectUnauthorized: true,
      });
      ex = await startExampleApp();
      browser = await launchChromium(chromiumPath);
    });
    afterAll(async () => {
      await browser?.close();
      await ex?.close();
      await receiver?.close();
    });

    const field = (page: Page, name: string) => page.locator(`[data-field="${name}"]`);
    const testAnswer = (page: Page) =>
      page
        .locator('.action')
        .filter({ has: page.getByRole('button', { name: 'Send test' }) })
        .locator('.action-result');

    it('uploads the certificate, pastes the key and CA, tests, and never shows the key again', async () => {
      const { page, problems } = await signIn(browser, ex.baseURL, TOKENS.admin);
      await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
      await page.getByRole('link', { name: 'New endpoint' }).click();
      await page.getByLabel('URL', { exact: true }).fill(receiver.url('/emr'));
      await page.getByLabel('report_signed').check();
      // A key of another certificate: refused beside its field, nothing created.
      await field(page, 'tls.clientCertificate')
        .locator('input[type=file]')
        .setInputFiles({ name: 'lab.crt', mimeType: 'text/plain', buffer: Buffer.from(client.cert) });
      // A textarea keeps LF line ends.
      const lf = (pem: string) => pem.replace(/\r\n/g, '\n').trim();
      // The file is read asynchronously: wait until the textarea holds it, then compare.
      const certArea = page.getByLabel('Client certificate (PEM)', { exact: true });
      await certArea.evaluate(
        (el: HTMLTextAreaElement) =>
          new Promise<void>((done) => {
            const check = () => (el.value ? done() : setTimeout(check, 20));
            check();
          }),
      );
      expect(lf(await certArea.inputValue())).toBe(lf(client.cert));
      await page.getByLabel('Private key (PEM)', { exact: true }).fill(ca.issue({ commonName: 'x', client: true }).key);
      await page.getByLabel('Trusted CAs').selectOption('custom');
      await page.getByLabel('CA certificates (PEM)', { exact: true }).fill(ca.cert);
      await page.getByRole('button', { name: 'Create endpoint' }).click();
      await field(page, 'tls.clientKey')
        .locator('.field-error')
        .getByText(/does not match/)
        .waitFor();
      await page.getByLabel('Private key (PEM)', { exact: true }).fill(client.key);
      await page.getByRole('button', { name: 'Create endpoint' }).click();
      await page.getByRole('heading', { name: 'Endpoint created' }).waitFor();
      await page.getByRole('link', { name: 'Open the endpoint' }).click();
      await page.getByRole('heading', { name: 'Health' }).waitFor();

      // The certificate is described; the key field is empty and says a key is stored.
      await expect(page.locator('.auth .cert-info').innerText()).resolves.toMatch(
        /CN=north-lab, O=North Lab, issued by CN=Hospital Internal CA, O=Test Hospital, serial [0-9A-F]+, valid until \d{4}-/,
      );
      await expect(page.getByLabel('Private key (PEM)', { exact: true }).inputValue()).resolves.toBe('');
      await expect(field(page, 'tls.clientKey').innerText()).resolves.toContain('Set; leave empty to keep it.');
      expect(await page.content()).not.toContain('PRIVATE KEY');

      await page.getByRole('button', { name: 'Send test' }).click();
      await testAnswer(page)
        .getByText(/^Received: HTTP 204 in \d+ ms/)
        .waitFor();
      expect(receiver.requests.at(-1)?.clientCertificate).toBe('north-lab');

      // Saving other changes keeps the key; removing the certificate shows why the test fails.
      await page.getByLabel('Description').fill('EMR gateway (mTLS)');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Saved.').waitFor();
      await page.getByLabel('Client certificate (PEM)', { exact: true }).fill('');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Saved.').waitFor();
      await page.getByRole('button', { name: 'Send test' }).click();
      await testAnswer(page)
        .getByText(/receiver asked for a client certificate and none is configured/)
        .waitFor();
      await expectNoSeriousAxe(page);
      await screenshots(page, 'endpoint-authentication');
      expect(problems).toEqual([]);
    });

    it('warns on the page when the client certificate expires within 30 days', async () => {
      const soon = ca.issue({ commonName: 'north-lab', client: true, notAfter: new Date(Date.now() + 12 * DAY_MS) });
      const res = await fetch(`${ex.baseURL}/webhooks/subscriptions`, {
        method: 'POST',
        headers: { ...bearer(TOKENS.admin), 'content-type': 'application/json' },
        body: JSON.stringify({
          url: receiver.url('/soon'),
          events: ['report_signed'],
          tls: { clientCertificate: soon.cert, clientKey: soon.key, caCertificates: ca.cert, trust: 'custom' },
        }),
      });
      const sub = (await res.json()) as { id: string };
      const { page } = await signIn(browser, ex.baseURL, TOKENS.admin);
      await page.goto(`/webhooks/ui#/endpoints/${sub.id}`);
      const warning = page.getByRole('status').filter({ hasText: 'Warning: Expires in 11 days' }).first();
      await warning.waitFor();
      await expect(warning.innerText()).resolves.toContain('upload a renewed certificate');
    });
  },
);
