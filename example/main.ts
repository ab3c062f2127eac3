import { NoRedisError, redisForExample } from './redis-for-example';

/**
 * `npm start`. Redis is settled before Nest and the app's modules load (seconds on a busy
 * machine), so that a missing Redis is said at once rather than after, or instead of, the boot.
 */
async function main(): Promise<void> {
  const redis = await redisForExample(process.env);
  const { serveExample } = await import('./serve-example');
  await serveExample(redis);
}

main().catch((err) => {
  // A newcomer's missing Redis is one line; anything else keeps its stack.
  process.stderr.write(`[Example] ${err instanceof NoRedisError ? err.message : (err?.stack ?? String(err))}\n`);
  process.exit(1);
});
