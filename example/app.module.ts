import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ExampleConfig } from './config';
import { demoAuth } from './demo-auth.middleware';
import { HealthController } from './health.controller';
import { hostImports } from './host-imports';
import { LabEventsController } from './lab-events.controller';
import { DEMO_USERS, LabSessionController } from './lab-session.controller';
import { MetricsController } from './metrics.controller';
import { OperationalEventsListener } from './operational-events.listener';
import { PrivateRedis } from './private-redis';
import { PRIVATE_REDIS, PrivateRedisShutdown } from './private-redis.shutdown';
import { queueBoard } from './queue-board';

/** A small lab app that installs WebhooksModule the way a real LIS host would. */
@Module({})
export class AppModule implements NestModule {
  private static config: ExampleConfig;

  /** `privateRedis`: the redis-server `npm start` runs, stopped by this (root) module last. */
  static register(config: ExampleConfig, privateRedis?: PrivateRedis): DynamicModule {
    AppModule.config = config;
    return {
      module: AppModule,
      imports: [...hostImports(config), ...queueBoard(config.demoUsers)],
      controllers: [LabEventsController, LabSessionController, HealthController, MetricsController],
      providers: [
        { provide: DEMO_USERS, useValue: config.demoUsers },
        OperationalEventsListener,
        ...(privateRedis ? [{ provide: PRIVATE_REDIS, useValue: privateRedis }, PrivateRedisShutdown] : []),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(demoAuth(AppModule.config.demoUsers)).forRoutes('*');
  }
}
