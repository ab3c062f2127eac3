import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import * as publicApi from '../src';
import { createTestDatabase } from './support/database';
import { HOSTS, HostRecipe, installGroups, NEST_9_HOST } from './support/host-matrix';
import { HostProcess } from './support/host-process';
import { hostEntry, InstalledHost, installedCopies, installHost, packOnce, runIn } from './support/packed-host';
import { startPrivateRedis } from './support/private-redis';
import { Receiver } from './support/receiver';
import { waitUntil } from './support/wait';

const MINUTE_MS = 60_000;
const DEFAULT_FIRST_RETRY_MS = 64_000;
const SHARED = ['@nestjs/core', '@nestjs/common', 'typeorm', 'bull'];

/**
 * What a new integrator does, once per host of the matrix (test/support/host-matrix.ts): the
 * package is packed once, installed with plain `npm install` into a fresh host of each kind (in
 * parallel; a host with `installedWith` runs in another's folder), and the README's module runs there. Each host runs under TZ=America/New_York and
 * its TypeORM options set no `timezone`, as the README's do.
 */
const started = Date.now();
const installs = new Map<string, Promise<InstalledHost>>();
let packMs = 0;

beforeAll(async () => {
  const tarball = await packOnce();
  packMs = Date.now() - started;
  for (const { host, guests } of installGroups()) {
    const install = installHost(host, tarball, guests);
    install.catch(() => undefined); // each host's own beforeAll reports its failure
    for (const recipe of [host, ...guests]) installs.set(recipe.name, install);
  }
}, 10 * MINUTE_MS);

afterAll(async () => {
  const figures = await Promise.all(
    HOSTS.map(
      async (r) => `${r.name}: ${((await installs.get(r.name)?.catch(() => undefined))?.installMs ?? NaN) / 1000} s`,
    ),
  );
  const tarball = await packOnce();
  rmSync(dirname(tarball), { recursive: true, force: true });
  for (const install of new Set(installs.values())) {
    const dir = (await install.catch(() => undefined))?.dir;
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  // Figures for the log (install and matrix times are watched, never asserted).
  console.log(
    `host matrix: pack ${packMs / 1000} s; npm install ${figures.join('; ')}; whole ${(Date.now() - started) / 1000} s`,
  );
});

describe.each(HOSTS)('the packed package in a fresh host: $name', (recipe: HostRecipe) => {
  let dir: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let receiver: Receiver;
  let host: HostProcess;
  let http: ReturnType<typeof request>;
  const admin = { 'x-user': 'integrator' };
  const encryptionKey = randomBytes(32).toString('base64');

  beforeAll(async () => {
    ({ dir } = await installs.get(recipe.name)!);
    [db, redis, receiver] = await Promise.all([createTestDatabase(), startPrivateRedis(), Receiver.start()]);
    host = new HostProcess(
      dir,
      {
        TZ: 'America/New_York',
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        WEBHOOKS_ENCRYPTION_KEY: encryptionKey,
        WEBHOOKS_ALLOWED_HOSTS: '127.0.0.1',
      },
      hostEntry(recipe.platform),
    );
    await host.start();
    http = request(`http://127.0.0.1:${host.port}`);
  }, 15 * MINUTE_MS);

  afterAll(async () => {
    await host?.stop();
    await receiver?.close();
    redis?.stop();
    await db?.drop();
  });

  it(`installs one copy each of ${SHARED.join(', ')} (the host's), at the host's versions`, async () => {
    for (const shared of SHARED) {
      expect((await installedCopies(dir, shared)).map((c) => c.path)).toEqual([join(dir, 'node_modules', shared)]);
    }
    for (const [name, prefix] of Object.entries(recipe.expected)) {
      const [{ version }] = await installedCopies(dir, name);
      expect({ name, version }).toEqual({ name, version: expect.stringMatching(`^${prefix.replace(/\./g, '\\.')}`) });
    }
  });

  let secret: string;
  let subscriptionId: string;
  let publishedAt: number;

  it('creates a subscription over REST, and delivers an event that the host code emits, signed', async () => {
    const created = await http
      .post('/webhooks/subscriptions')
      .set(admin)
      .send({ url: receiver.url(), events: ['report_signed'] });
    expect(created.status).toBe(201);
    ({ signingSecret: secret, id: subscriptionId } = created.body);

    publishedAt = Date.now();
    await host.send({ sign: 'R-1' }, 'signed');
    await receiver.waitFor(1, 30_000);
    const [delivery] = receiver.requests;
    expect(JSON.parse(delivery.body)).toEqual({
      reportId: 'R-1',
      patient: { name: 'Jane Roe', mrn: 'MRN-1' },
      eventType: 'report_signed',
    });
    expect(() => new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>)).not.toThrow();

    const log = await waitUntil(async () => {
      const res = await http.get('/webhooks/events').set(admin);
      return res.body.items?.[0]?.status === 'succeeded' && res.body.items;
    }, 'the entry to show succeeded in the event log');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      eventType: 'report_signed',
      subscriptionId,
      attemptCount: 1,
      lastResponseStatus: 204,
    });
  });

  it('schedules a retry at the right instant in another time zone', async () => {
    receiver.handler = (_req, res) => {
      res.statusCode = 500;
      res.end();
    };
    await host.send({ sign: 'R-2' }, 'signed');
    const entry = await waitUntil(async () => {
      const res = await http.get('/webhooks/events?status=retrying').set(admin);
      return res.body.items?.[0];
    }, 'the failed entry to be retrying');
    const detail = (await http.get(`/webhooks/events/${entry.id}`).set(admin)).body;
    const [first] = detail.attempts;
    const failedAt = Date.parse(first.startedAt) + first.durationMs;
    // A local-time mix-up would put it hours away (New York is 5 hours behind UTC in winter).
    expect(Math.abs(Date.parse(entry.nextAttemptAt) - (failedAt + DEFAULT_FIRST_RETRY_MS))).toBeLessThan(MINUTE_MS);
    expect(Math.abs(Date.parse(first.startedAt) - Date.now())).toBeLessThan(5 * MINUTE_MS);
  });

  it('filters by since/until as instants, whatever zone they are written in', async () => {
    const ids = async (query: string) =>
      ((await http.get(`/webhooks/events?${query}`).set(admin)).body.items as { id: string }[]).map((i) => i.id).length;
    const before = new Date(publishedAt - MINUTE_MS);
    const after = new Date(Date.now() + MINUTE_MS);
    // The same instant written with New York's offset (-05:00 in winter, -04:00 in summer).
    const newYork = (d: Date) => {
      const zone = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' })
        .formatToParts(d)
        .find((p) => p.type === 'timeZoneName')!
        .value.replace('GMT', '');
      const [h, m] = zone.slice(1).split(':').map(Number);
      const offsetMs = (zone.startsWith('-') ? -1 : 1) * (h * 60 + m) * MINUTE_MS;
      return encodeURIComponent(new Date(d.getTime() + offsetMs).toISOString().replace('Z', zone));
    };
    expect(await ids(`since=${before.toISOString()}`)).toBe(2);
    expect(await ids(`since=${newYork(before)}`)).toBe(2);
    expect(await ids(`since=${after.toISOString()}`)).toBe(0);
    expect(await ids(`until=${before.toISOString()}`)).toBe(0);
    expect(await ids(`until=${newYork(before)}`)).toBe(0);
    expect(await ids(`since=${newYork(before)}&until=${newYork(after)}`)).toBe(2);
  });

  it('purges by retention age: nothing at 29 days, both entries at 31', async () => {
    expect(await host.send({ purgeDaysAhead: 29 }, 'purged')).toBe(0);
    expect(await host.send({ purgeDaysAhead: 31 }, 'purged')).toBe(2);
    expect((await http.get('/webhooks/events').set(admin)).body.items).toEqual([]);
  });

  it("serves the webhooks page from the package's built assets (no front-end source in the package)", async () => {
    const page = await http.get('/webhooks/ui');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'self'/);
    const script = /src="([^"]+app\.js[^"]*)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    const js = await http.get(script);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.text.length).toBeGreaterThan(1000);
    expect((await http.get('/webhooks/ui/me').set(admin)).body).toEqual({ id: 'integrator', isAdmin: true });
  });

  it('ships the re-seal command as a bin: npx lab-webhooks reseal-secrets', async () => {
    const run = await runIn(dir, 'npx', ['--no-install', 'lab-webhooks', 'reseal-secrets'], {
      DATABASE_URL: db.url,
      WEBHOOKS_ENCRYPTION_KEY: encryptionKey,
    });
    expect(run.stdout).toBe(
      'reseal-secrets: subscriptions: 1 rows read, 0 re-sealed, 0 changed meanwhile (run again), 0 unreadable\n' +
        'reseal-secrets: event log: 0 rows read, 0 re-sealed, 0 changed meanwhile (run again), 0 unreadable\n',
    );
  });

  if (recipe.type === 'module') {
    it("gives an ES-module host every named export of the package through `import { ... } from 'lab-webhooks'`", async () => {
      const names = Object.keys(publicApi).filter((name) => name !== '__esModule');
      expect(names).toContain('WEBHOOKS_ENTITIES');
      // A named import that the package does not provide is a SyntaxError at link time.
      const check =
        `import { ${names.join(', ')} } from 'lab-webhooks';\n` +
        `const values = { ${names.join(', ')} };\n` +
        `console.log(JSON.stringify(Object.keys(values).filter((k) => values[k] === undefined)));\n`;
      writeFileSync(join(dir, 'named-exports.js'), check);
      const run = await runIn(dir, process.execPath, ['named-exports.js']);
      expect(JSON.parse(run.stdout)).toEqual([]);
    });
  }
});

describe('a host on an unsupported NestJS (9)', () => {
  it("is refused by npm at install (ERESOLVE naming the package's peer), not at run time", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-webhooks-nest9-'));
    // Nest 9 with companions that do accept Nest 9, so only the package's own peers can refuse it.
    const dependencies = { ...NEST_9_HOST, 'lab-webhooks': `file:${await packOnce()}` };
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'nest-9-host', private: true, dependencies }));
    const install = runIn(dir, 'npm', ['install', '--dry-run', '--no-audit', '--no-fund', '--prefer-offline']);
    const failure = await install.then(
      () => undefined,
      (err: { stderr: string }) => err.stderr,
    );
    rmSync(dir, { recursive: true, force: true });
    expect(failure).toMatch(/ERESOLVE/);
    expect(failure).toMatch(/peer @nestjs\/co(re|mmon)@"\^10\.0\.0 \|\| \^11\.0\.0 \|\| \^12\.0\.0" from lab-webhooks/);
  });
});
