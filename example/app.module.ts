import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { refuseCrossSiteRequests, WebhooksPrincipal } from '../src';
import { ExampleConfig } from './config';
import { demoAuth } from './demo-auth.middleware';
import { HealthController } from './health.controller';
import { hostImports } from './host-imports';
import { LabEventsController } from './lab-events.controller';
import { DEMO_USERS, LabSessionController } from './lab-session.controller';
import { LabSessions } from './lab-sessions';
import { METRICS_TOKEN, MetricsController } from './metrics.controller';
import { OperationalEventsListener } from './operational-events.listener';
import { PrivateRedis } from './private-redis';
import { PRIVATE_REDIS, PrivateRedisShutdown } from './private-redis.shutdown';
import { queueBoard } from './queue-board';

/**
 * A small lab app that installs WebhooksModule the way a real LIS host would. Its settings
 * reach it as providers of `register`, so two apps in one process keep their own.
 */
@Module({})
export class AppModule implements NestModule {
  constructor(
    @Inject(DEMO_USERS) private readonly demoUsers: Record<string, WebhooksPrincipal>,
    private readonly sessions: LabSessions,
  ) {}

  /** `privateRedis`: the redis-server `npm start` runs, stopped by this (root) module last. */
  static register(config: ExampleConfig, privateRedis?: PrivateRedis): DynamicModule {
    const sessions = new LabSessions();
    return {
      module: AppModule,
      imports: [...hostImports(config), ...queueBoard(config.demoUsers, sessions)],
      controllers: [LabEventsController, LabSessionController, HealthController, MetricsController],
      providers: [
        { provide: DEMO_USERS, useValue: config.demoUsers },
        { provide: LabSessions, useValue: sessions },
        { provide: METRICS_TOKEN, useValue: config.metricsToken },
        OperationalEventsListener,
        ...(privateRedis ? [{ provide: PRIVATE_REDIS, useValue: privateRedis }, PrivateRedisShutdown] : []),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(demoAuth(this.demoUsers, this.sessions)).forRoutes('*');
    // The app's own write routes sign in with the same cookie as the webhooks page: the
    // module's cross-site rule guards them as it guards the module's routes.
    consumer.apply(refuseCrossSiteRequests()).forRoutes(LabEventsController, LabSessionController);
  }
}
