import Redis from 'ioredis';

/** How long `npm start` waits for Redis to answer a PING before it says so and exits. */
export const REDIS_PROBE_MS = 3000;

/** The URL as it may be shown in a log line: without its password. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(REDIS_URL is not a URL)';
  }
}

/**
 * Why Redis at `url` cannot be used (e.g. `ECONNREFUSED`), or null once it answered a PING.
 * Bull alone would retry forever in silence ("Starting Nest application..." and nothing more);
 * one bound covers the connect and the PING, so a port that accepts and never answers counts too.
 */
export async function redisProblem(url: string, timeoutMs = REDIS_PROBE_MS): Promise<string | null> {
  let client: Redis;
  try {
    client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  } catch (err) {
    return (err as Error).message;
  }
  let seen: (Error & { code?: string }) | undefined; // the cause comes as an event, connect() says "Connection is closed"
  client.on('error', (err) => (seen ??= err));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)),
      ),
    ]);
    return null;
  } catch (err) {
    return seen?.code ?? seen?.message ?? (err as Error).message;
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
