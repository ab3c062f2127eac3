import { DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExampleConfig, readConfig } from './config';
import { hostImports } from './host-imports';
import { redisProblem, shownUrl } from './redis-probe';
import { serveWorkerProbes } from './worker-probes';

@Module({})
class WorkerModule {
  static register(config: ExampleConfig): DynamicModule {
    return { module: WorkerModule, imports: hostImports(config, { processDeliveries: true }) };
  }
}

/**
 * `npm run worker`: a delivery-only process. It runs the delivery engine, the requeue sweep
 * and the event-log purge, and serves only `GET /health` and `GET /metrics` on `WORKER_PORT`:
 * no webhook routes (an application context, not an HTTP app). Run any number beside API
 * instances started with `WEBHOOKS_PROCESS_DELIVERIES=false`.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const problem = await redisProblem(config.redisUrl);
  if (problem) {
    // A worker takes jobs from the API instances' queue: it cannot run a Redis of its own.
    new Logger('Worker').error(
      `Redis is not reachable at ${shownUrl(config.redisUrl)} (${problem}): set REDIS_URL to the Redis of the API instances`,
    );
    process.exit(1);
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config));
  app.enableShutdownHooks();
  const probes = await serveWorkerProbes(app, config.workerPort);
  const logger = new Logger('Worker');
  logger.log(`Delivery worker running; health and metrics on http://localhost:${probes.port}/health and /metrics`);
  // Stop answering probes first, so a rolling deploy stops routing to this process.
  process.once('SIGTERM', () => probes.close());
}

void main();
