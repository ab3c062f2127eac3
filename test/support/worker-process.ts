// A separate delivery worker process (an app instance with no HTTP server), for the crash and
// multi-instance tests. Settings come from the environment; prints "ready" once it takes jobs.
import { BullModule } from '@nestjs/bull';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WEBHOOKS_ENTITIES, WebhooksModule } from '../../src';

async function main(): Promise<void> {
  const env = process.env;
  const app = await NestFactory.createApplicationContext(
    {
      module: class WorkerHost {},
      imports: [
        TypeOrmModule.forRoot({ type: 'mysql', url: env.DATABASE_URL, entities: WEBHOOKS_ENTITIES, timezone: 'Z' }),
        BullModule.forRoot({ redis: env.REDIS_URL, prefix: env.BULL_PREFIX }),
        EventEmitterModule.forRoot(),
        WebhooksModule.forRoot({
          encryptionKey: env.WEBHOOKS_ENCRYPTION_KEY!,
          allowPrivateNetworks: true,
          ...JSON.parse(env.WEBHOOKS_OPTIONS ?? '{}'),
        }),
      ],
    },
    { logger: ['error'] },
  );
  app.enableShutdownHooks();
  await app.init();
  process.stdout.write('ready\n');
}

void main();
