import { getQueueToken } from '@nestjs/bull';
import { INestApplication } from '@nestjs/common';
import type { Queue } from 'bull';
import { Pool } from 'undici';
import type { WebhooksModuleOptions } from '../../src';
import { WEBHOOKS_QUEUE } from '../../src/webhooks.constants';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { BenchContext } from './bench-context';
import { deleteBullPrefix } from './bench-redis';
import { Publisher, publisher } from './engine';

/**
 * A real host app for one scenario, booted the way the e2e tests boot one (TypeORM on the
 * bench database with the shipped migrations, Bull on Redis with a key prefix of its own,
 * the event emitter, WebhooksModule.forRoot), listening on loopback for the HTTP routes.
 */
export class BenchHost {
  private static readonly open = new Set<BenchHost>();

  private constructor(
    private readonly test: TestApp,
    readonly baseUrl: string,
    private readonly http: Pool,
  ) {}

  static async start(
    databaseUrl: string,
    bullPrefix: string,
    webhooks: Partial<WebhooksModuleOptions>,
  ): Promise<BenchHost> {
    const test = await startTestApp({ databaseUrl, bullPrefix, webhooks: { allowPrivateNetworks: true, ...webhooks } });
    await test.app.listen(0, '127.0.0.1');
    const baseUrl = await test.app.getUrl();
    const host = new BenchHost(test, baseUrl, new Pool(baseUrl, { connections: 4 }));
    BenchHost.open.add(host);
    return host;
  }

  /** A host for one scenario: the bench database, a Bull prefix of its own, the configured concurrency. */
  static forScenario(
    ctx: BenchContext,
    scenario: string,
    webhooks: Partial<WebhooksModuleOptions> = {},
  ): Promise<BenchHost> {
    const { concurrency, perEndpointConcurrency, metrics, encryptPayloads } = ctx.config;
    return BenchHost.start(ctx.db.url, ctx.bullPrefix(scenario), {
      concurrency,
      perEndpointConcurrency,
      metrics,
      encryptPayloads,
      ...webhooks,
    });
  }

  /** Closes every host still open (the bench was interrupted mid-scenario). */
  static async closeAll(): Promise<void> {
    await Promise.all([...BenchHost.open].map((h) => h.close().catch(() => undefined)));
  }

  get app(): INestApplication {
    return this.test.app;
  }

  get publisher(): Publisher | null {
    return publisher(this.test.app);
  }

  /** The Bull queue the module's processor consumes (same instance: local pause works on it). */
  get queue(): Queue {
    return this.test.app.get(getQueueToken(WEBHOOKS_QUEUE));
  }

  get<T>(token: new (...args: any[]) => T): T {
    return this.test.app.get(token, { strict: false });
  }

  /** GET on the host's own HTTP server; the status and parsed JSON body. */
  async getJson(path: string, token: string): Promise<{ status: number; body: any }> {
    const res = await this.http.request({ path, method: 'GET', headers: { authorization: `Bearer ${token}` } });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : null };
  }

  /** POST of a JSON body on the host's own HTTP server; the status and parsed JSON body. */
  async postJson(path: string, token: string, body: unknown): Promise<{ status: number; body: any }> {
    const res = await this.http.request({
      path,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : null };
  }

  async close(): Promise<void> {
    BenchHost.open.delete(this);
    await this.http.close();
    await this.test.app.close();
    await deleteBullPrefix(this.test.bullPrefix);
  }
}
