import { NestFactory } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { readConfig } from './config';
import { buildOpenApi } from './swagger';

/**
 * The example app's OpenAPI document, built in Nest's preview mode: routes and DTOs are
 * read, but no provider runs, so no database or Redis is needed.
 */
export async function generateOpenApi(): Promise<OpenAPIObject> {
  const config = { ...readConfig({ WEBHOOKS_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') }) };
  const app = await NestFactory.create(AppModule.register(config), { preview: true, logger: false });
  try {
    return buildOpenApi(app);
  } finally {
    await app.close();
  }
}

export const OPENAPI_PATH = 'docs/openapi.json';

export const serializeOpenApi = (doc: OpenAPIObject): string => `${JSON.stringify(doc, null, 2)}\n`;
