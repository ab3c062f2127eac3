import { findRedisServer, PrivateRedis, PRIVATE_REDIS_DIR } from './private-redis';
import { redisProblem, shownUrl } from './redis-probe';

const GET_REDIS =
  'Get Redis: apt-get install -y redis-server (Debian, Ubuntu), brew install redis (macOS), ' +
  'or docker run -p 6379:6379 redis:7';

/** Why the example app cannot start: one message a newcomer can act on. */
export class NoRedisError extends Error {}

/**
 * The Redis `npm start` uses, decided before Nest boots so that nothing hangs in silence:
 * REDIS_URL when set (it must answer a PING within 3 s); else a private redis-server when
 * one is installed; else a NoRedisError that says how to get one.
 */
export async function redisForExample(env: NodeJS.ProcessEnv): Promise<{ url: string; privateRedis?: PrivateRedis }> {
  const url = env.REDIS_URL;
  if (url) {
    const problem = await redisProblem(url);
    if (problem === null) return { url };
    throw new NoRedisError(
      `Redis is not reachable at ${shownUrl(url)} (REDIS_URL; ${problem}). Start Redis there, ` +
        `or unset REDIS_URL and npm start runs a private one (needs redis-server). ${GET_REDIS}`,
    );
  }
  const binary = findRedisServer(env.PATH);
  if (!binary) {
    throw new NoRedisError(
      'No Redis: REDIS_URL is not set and redis-server is not on PATH. ' +
        `${GET_REDIS}; npm start then runs a private one under ./${PRIVATE_REDIS_DIR}/. ` +
        'Or set REDIS_URL to a Redis that runs, e.g. REDIS_URL=redis://127.0.0.1:6379.',
    );
  }
  const privateRedis = await PrivateRedis.start(binary);
  return { url: privateRedis.url, privateRedis };
}
