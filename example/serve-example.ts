import { Logger } from '@nestjs/common';
import { createExampleApp } from './bootstrap';
import { readConfig } from './config';
import { PRIVATE_REDIS_DIR, PrivateRedis } from './private-redis';

/** Boots the example app on the Redis `npm start` settled on, and listens on PORT. */
export async function serveExample(redis: { url: string; privateRedis?: PrivateRedis }): Promise<void> {
  const logger = new Logger('Example');
  if (redis.privateRedis) {
    logger.log(
      `Redis: REDIS_URL is not set, so a private redis-server runs on ${redis.url} (data under ./${PRIVATE_REDIS_DIR}/) and stops with the app`,
    );
  }
  const config = readConfig({ ...process.env, REDIS_URL: redis.url });
  const app = await createExampleApp(config, { privateRedis: redis.privateRedis });
  await app.listen(config.port);
  logger.log(`Lab app on http://localhost:${config.port}, Swagger UI at http://localhost:${config.port}/docs`);
  logger.log(`Database: ${config.databaseUrl ? 'MySQL/MariaDB (DATABASE_URL)' : 'embedded SQLite under ./data/'}`);
}
