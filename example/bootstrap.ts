import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { mkdirSync } from 'node:fs';
import { AppModule } from './app.module';
import { ExampleConfig } from './config';
import { buildOpenApi } from './swagger';

/** Creates the example app (not listening yet): used by `npm start` and the OpenAPI script. */
export async function createExampleApp(config: ExampleConfig): Promise<INestApplication> {
  if (!config.databaseUrl) mkdirSync('data', { recursive: true });
  const app = await NestFactory.create(AppModule.register(config), { bodyParser: true });
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, buildOpenApi(app));
  return app;
}
