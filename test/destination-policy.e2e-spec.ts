import { lookup as systemLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { BLOCKED_NOTATIONS, BLOCKED_RANGES } from './support/blocked-addresses';
import { bearer, TOKENS } from './support/env';
import { tableLookup } from './support/table-lookup';
import { startTestApp, TestApp } from './support/test-app';

// Only validation happens here: every refused URL is refused before any connection, and the
// allowed ones are stored, never sent to (no event is published in this file).
const table = tableLookup({
  'partner.example.com': ['93.184.216.34'],
  'intranet.lab': ['10.20.30.40'],
  'receiver.lab': ['10.20.30.41'],
});
// `localhost` goes to the system resolver (the hosts file, no network); every other name to the table.
const lookup: LookupFunction = (hostname, options, callback) =>
  hostname === 'localhost' ? systemLookup(hostname, options, callback) : table(hostname, options, callback);

const literalUrl = (ip: string) =>
  ip.includes(':') ? `http://[${ip.replace(/%.*/, '')}]:8080/hook` : `http://${ip}:8080/hook`;

describe('destination policy at the API (allowPrivateNetworks: false; real MariaDB + Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ webhooks: { allowPrivateNetworks: false, allowedHosts: ['receiver.lab'], lookup } });
  });
  afterAll(() => t.close());

  const rows = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_subscriptions'))[0].n);
  const create = (url: string) =>
    t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .send({ url, events: ['report_signed'] });

  const expectRefused = async (url: string, why?: RegExp) => {
    const before = await rows();
    const res = await create(url);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^url must not point into a private network: /);
    if (why) expect(res.body.message).toMatch(why);
    expect(res.body.details).toEqual([{ field: 'url', message: res.body.message }]);
    expect(await rows()).toBe(before);
  };

  describe.each(BLOCKED_RANGES.filter(([, ip]) => !ip.includes('%')))('%s', (_name, ip, why, nearest) => {
    it(`refuses ${ip}`, () => expectRefused(literalUrl(ip), why));
    it(`accepts the nearest public address ${nearest}`, async () =>
      expect((await create(literalUrl(nearest))).status).toBe(201));
  });

  describe.each(BLOCKED_NOTATIONS)('notation: %s', (_name, url, nearest) => {
    it(`refuses ${url}`, () => expectRefused(url));
    it(`accepts ${nearest}`, async () => expect((await create(nearest)).status).toBe(201));
  });

  it('refuses localhost (resolves to loopback) and a name that resolves only to private addresses', async () => {
    await expectRefused('http://localhost:3000/hook', /"localhost" resolves only to blocked addresses/);
    await expectRefused('https://intranet.lab/hook', /10\.20\.30\.40 is private/);
  });

  it('refuses a name that does not resolve', async () => {
    const res = await create('https://no-such-host.example.com/hook');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('url host "no-such-host.example.com" could not be resolved (ENOTFOUND)');
  });

  it('accepts a public name and a whitelisted internal receiver (allowedHosts)', async () => {
    expect((await create('https://partner.example.com/hook')).status).toBe(201);
    expect((await create('http://RECEIVER.lab:9000/hook')).status).toBe(201);
  });

  it('checks a changed url on PATCH, and leaves the row as it was when refused', async () => {
    const created = await create('https://partner.example.com/hook');
    const res = await t.http
      .patch(`/webhooks/subscriptions/${created.body.id}`)
      .set(bearer(TOKENS.admin))
      .send({ url: 'http://169.254.169.254/latest/meta-data/', description: 'moved' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^url must not point into a private network: 169\.254\.169\.254 is link-local/);
    const after = await t.http.get(`/webhooks/subscriptions/${created.body.id}`).set(bearer(TOKENS.admin));
    expect(after.body).toMatchObject({ url: 'https://partner.example.com/hook', description: null });
    const ok = await t.http
      .patch(`/webhooks/subscriptions/${created.body.id}`)
      .set(bearer(TOKENS.admin))
      .send({ url: 'http://93.184.216.35/h' });
    expect(ok.status).toBe(200);
  });
});
