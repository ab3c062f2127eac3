import { Logger } from '@nestjs/common';
import { createExampleApp } from './bootstrap';
import { readConfig } from './config';

async function main(): Promise<void> {
  const config = readConfig();
  const app = await createExampleApp(config);
  await app.listen(config.port);
  const logger = new Logger('Example');
  logger.log(`Lab app on http://localhost:${config.port}, Swagger UI at http://localhost:${config.port}/docs`);
  logger.log(`Database: ${config.databaseUrl ? 'MySQL/MariaDB (DATABASE_URL)' : 'embedded SQLite under ./data/'}`);
}

void main();
