import { BullModule } from '@nestjs/bull';
import { DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhooksModule } from '../src';
import { ExampleConfig, typeOrmOptions } from './config';

/** What every process of the example lab has: its database, Redis, events, health, and the webhooks. */
export function hostImports(config: ExampleConfig, overrides: { processDeliveries?: boolean } = {}): DynamicModule[] {
  return [
    TypeOrmModule.forRoot(typeOrmOptions(config)),
    BullModule.forRoot({ redis: config.redisUrl, prefix: config.bullPrefix }),
    EventEmitterModule.forRoot(),
    TerminusModule.forRoot({ logger: false }),
    WebhooksModule.forRoot({
      encryptionKey: config.encryptionKey,
      retryDelaysSeconds: config.retryDelaysSeconds,
      deliveryTimeoutMs: config.timeoutMs,
      allowPrivateNetworks: config.allowPrivateNetworks,
      processDeliveries: overrides.processDeliveries ?? config.processDeliveries,
      payloadValidation: config.payloadValidation,
    }),
  ];
}
