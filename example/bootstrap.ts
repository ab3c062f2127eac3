import { mkdirSync } from 'node:fs';
import { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { useWebhooksBodyParser } from '../src';
import { AppModule } from './app.module';
import { ExampleConfig } from './config';
import { PrivateRedis } from './private-redis';
import { buildOpenApi } from './swagger';

/** Creates the example app (not listening yet): used by `npm start` and the OpenAPI script. */
export async function createExampleApp(
  config: ExampleConfig,
  options: { logger?: LoggerService | LogLevel[] | false; privateRedis?: PrivateRedis } = {},
): Promise<INestApplication> {
  if (!config.databaseUrl) mkdirSync('data', { recursive: true });
  const { privateRedis, ...appOptions } = options;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, privateRedis), {
    bodyParser: true,
    ...appOptions,
  });
  useWebhooksBodyParser(app); // JSON bodies up to 1 MiB; parse errors never quote the body
  // An API: no ETag hashed over every JSON answer (the page's files carry their own), no X-Powered-By.
  app.set('etag', false);
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, buildOpenApi(app));
  return app;
}
