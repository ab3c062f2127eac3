// Boots a host with WebhooksModule.forRootAsync and the options in argv[2] (JSON), then exits:
// 0 when it started, 1 with the startup error's message on stderr when it did not.
import { BullModule } from '@nestjs/bull';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WEBHOOKS_ENTITIES, WebhooksModule } from '../../src';
import { REDIS_URL } from './env';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]);
  const app = await NestFactory.createApplicationContext(
    {
      module: class Host {},
      imports: [
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: WEBHOOKS_ENTITIES }),
        BullModule.forRoot({ redis: REDIS_URL, prefix: `boot-${process.pid}` }),
        EventEmitterModule.forRoot(),
        WebhooksModule.forRootAsync({ useFactory: async () => options }),
      ],
    },
    { logger: false, abortOnError: false },
  );
  await app.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(String(err?.message ?? err));
    process.exit(1);
  },
);
