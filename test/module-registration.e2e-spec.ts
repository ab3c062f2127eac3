import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BullModule, getQueueToken } from '@nestjs/bull';
import { Injectable, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import request from 'supertest';
import { WEBHOOKS_MAINTENANCE_QUEUE, WEBHOOKS_QUEUE, WebhooksModule, WebhooksModuleOptions } from '../src';
import { createTestDatabase, mariadbOptions } from './support/database';
import { REDIS_URL } from './support/env';
import { testEncryptionKey } from './support/test-app';

@Injectable()
class WebhooksConfig {
  createWebhooksOptions(): WebhooksModuleOptions {
    return {
      encryptionKey: testEncryptionKey(),
      principalResolver: (req) =>
        req.headers['x-caller'] === 'admin' ? { id: 'a', permissions: ['Lab Webhook Admin'] } : null,
      adminPermission: 'Lab Webhook Admin',
    };
  }
}

@Module({ providers: [WebhooksConfig], exports: [WebhooksConfig] })
class ConfigModule {}

describe('WebhooksModule registration forms (real MariaDB + Redis)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  const host = (webhooks: any) =>
    Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot(mariadbOptions(db.url)),
        BullModule.forRoot({ redis: REDIS_URL, prefix: `reg-${process.pid}` }),
        EventEmitterModule.forRoot(),
        webhooks,
      ],
    }).compile();

  const boots = async (webhooks: any, header: Record<string, string>, path = '/webhooks/event-types') => {
    const moduleRef = await host(webhooks);
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const res = await request(app.getHttpServer()).get(path).set(header);
      return res.status;
    } finally {
      await app.close();
    }
  };

  it('forRoot', async () => {
    expect(
      await boots(
        WebhooksModule.forRoot({
          encryptionKey: testEncryptionKey(),
          principalResolver: () => ({ id: 'u', permissions: ['Webhook User'] }),
        }),
        {},
      ),
    ).toBe(200);
  });

  it('forRootAsync with useFactory and inject', async () => {
    const status = await boots(
      WebhooksModule.forRootAsync({
        imports: [ConfigModule],
        inject: [WebhooksConfig],
        useFactory: (c: WebhooksConfig) => c.createWebhooksOptions(),
      }),
      { 'x-caller': 'admin' },
    );
    expect(status).toBe(200);
  });

  it('forRootAsync with useClass (custom permission names are honoured)', async () => {
    const mod = WebhooksModule.forRootAsync({ useClass: WebhooksConfig });
    expect(await boots(mod, { 'x-caller': 'admin' })).toBe(200);
    expect(await boots(WebhooksModule.forRootAsync({ useClass: WebhooksConfig }), {})).toBe(401);
  });

  it('a custom userPermission name is the Webhook User permission; the default name then means nothing', async () => {
    const permissionsOf: Record<string, string[]> = { reader: ['Lab Webhook Reader'], plain: ['Webhook User'] };
    const app = (
      await host(
        WebhooksModule.forRoot({
          encryptionKey: testEncryptionKey(),
          userPermission: 'Lab Webhook Reader',
          principalResolver: (req) => {
            const who = String(req.headers['x-caller'] ?? '');
            return permissionsOf[who] ? { id: who, permissions: permissionsOf[who] } : null;
          },
        }),
      )
    ).createNestApplication({ logger: false });
    await app.init();
    try {
      const as = (who: string) => ({
        get: (path: string) => request(app.getHttpServer()).get(path).set('x-caller', who),
        post: (path: string) => request(app.getHttpServer()).post(path).set('x-caller', who).send({}),
      });
      expect((await as('reader').get('/webhooks/event-types')).status).toBe(200);
      expect((await as('reader').get('/webhooks/subscriptions')).status).toBe(200);
      expect((await as('reader').get('/webhooks/events')).status).toBe(200);
      expect((await as('reader').post('/webhooks/subscriptions')).status).toBe(403); // a user, not an admin
      expect((await as('plain').get('/webhooks/event-types')).status).toBe(403);
      expect((await as('plain').get('/webhooks/subscriptions')).status).toBe(403);
    } finally {
      await app.close();
    }
  });

  it('routePrefix moves every route, per app: two apps in one process keep their own prefix', async () => {
    const user = () => ({ id: 'u', permissions: ['Webhook User'] });
    // Both registrations first, then both apps: a prefix kept anywhere global would leak here.
    const modules = ['api/integrations/webhooks', undefined].map((routePrefix) =>
      WebhooksModule.forRoot({
        encryptionKey: testEncryptionKey(),
        principalResolver: user,
        routePrefix,
        maxRequestBodyBytes: 1024,
      }),
    );
    const start = async (webhooks: (typeof modules)[number]) => {
      const app = (await host(webhooks)).createNestApplication({ logger: false });
      await app.init();
      return app;
    };
    const moved = await start(modules[0]);
    const plain = await start(modules[1]);
    try {
      const status = async (app: Awaited<ReturnType<typeof start>>, path: string) =>
        (await request(app.getHttpServer()).get(path)).status;
      // Every route of every controller moves, not only the one tried below.
      const routes = (app: Awaited<ReturnType<typeof start>>) =>
        (app.getHttpAdapter().getInstance().router.stack as { route?: { path: string } }[])
          .flatMap((layer) => (layer.route ? [layer.route.path] : []))
          .sort();
      const plainRoutes = routes(plain);
      expect(plainRoutes.length).toBeGreaterThanOrEqual(20);
      expect(plainRoutes.every((path) => path.startsWith('/webhooks/'))).toBe(true);
      expect(routes(moved)).toEqual(
        plainRoutes.map((path) => path.replace(/^\/webhooks\//, '/api/integrations/webhooks/')).sort(),
      );
      expect(await status(moved, '/api/integrations/webhooks/event-types')).toBe(200);
      expect(await status(moved, '/webhooks/event-types')).toBe(404);
      expect(await status(plain, '/webhooks/event-types')).toBe(200);
      expect(await status(plain, '/api/integrations/webhooks/event-types')).toBe(404);
      // The module's body guards follow the prefix too.
      const big = { ids: ['x'.repeat(2000)] };
      expect(
        (await request(moved.getHttpServer()).post('/api/integrations/webhooks/events/resend').send(big)).status,
      ).toBe(413);
    } finally {
      await moved.close();
      await plain.close();
    }
  });

  it('background work follows processDeliveries: an API-only instance schedules no purge and runs no worker', async () => {
    const scheduled = async (processDeliveries: boolean) => {
      const moduleRef = await Test.createTestingModule({
        imports: [
          TypeOrmModule.forRoot(mariadbOptions(db.url)),
          BullModule.forRoot({ redis: REDIS_URL, prefix: `bg-${processDeliveries}-${process.pid}-${Date.now()}` }),
          EventEmitterModule.forRoot(),
          WebhooksModule.forRoot({ encryptionKey: testEncryptionKey(), processDeliveries }),
        ],
      }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      try {
        const maintenance = app.get<Queue>(getQueueToken(WEBHOOKS_MAINTENANCE_QUEUE));
        const delivery = app.get<Queue>(getQueueToken(WEBHOOKS_QUEUE));
        const jobs = (await maintenance.getRepeatableJobs()).map((j) => j.name).sort();
        await maintenance.obliterate({ force: true });
        return { jobs, workers: (await delivery.getWorkers()).length };
      } finally {
        await app.close();
      }
    };
    expect(await scheduled(false)).toEqual({ jobs: [], workers: 0 });
    expect(await scheduled(true)).toEqual({ jobs: ['purge-audit-trail', 'purge-event-log'], workers: 1 });
  });

  it.each([
    [{}, /WebhooksModule: option "encryptionKey" is required/],
    [
      { encryptionKey: Buffer.alloc(16).toString('base64') },
      /WebhooksModule: option "encryptionKey" must be base64 of exactly 32 bytes/,
    ],
  ])('refuses to start with a bad key %#, naming the option', async (options, message) => {
    expect(() => WebhooksModule.forRoot(options as any)).toThrow(message);
    // forRootAsync: the host process fails to start with the same message.
    const boot = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'support/boot-async-host.ts'), JSON.stringify(options)],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(boot.status).toBe(1);
    expect(boot.stderr).toMatch(message);
  });
});
