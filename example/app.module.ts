import { BullModule } from '@nestjs/bull';
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhooksModule } from '../src';
import { ExampleConfig, typeOrmOptions } from './config';
import { demoAuth } from './demo-auth.middleware';
import { LabEventsController } from './lab-events.controller';
import { DEMO_USERS, LabSessionController } from './lab-session.controller';
import { OperationalEventsListener } from './operational-events.listener';

/** A small lab app that installs WebhooksModule the way a real LIS host would. */
@Module({})
export class AppModule implements NestModule {
  private static config: ExampleConfig;

  static register(config: ExampleConfig): DynamicModule {
    AppModule.config = config;
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(typeOrmOptions(config)),
        BullModule.forRoot({ redis: config.redisUrl, prefix: config.bullPrefix }),
        EventEmitterModule.forRoot(),
        WebhooksModule.forRoot({
          encryptionKey: config.encryptionKey,
          retryDelaysSeconds: config.retryDelaysSeconds,
          deliveryTimeoutMs: config.timeoutMs,
          allowPrivateNetworks: config.allowPrivateNetworks,
        }),
      ],
      controllers: [LabEventsController, LabSessionController],
      providers: [{ provide: DEMO_USERS, useValue: config.demoUsers }, OperationalEventsListener],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(demoAuth(AppModule.config.demoUsers)).forRoutes('*');
  }
}
