import { execFileSync } from 'node:child_process';
import Redis from 'ioredis';
import { REDIS_URL } from './env';

/**
 * Every table of a test database, schema and rows, as `mysqldump` writes it. One consistent
 * snapshot, no LOCK TABLES: this runs synchronously in the test's process, and a table lock
 * would wait for a transaction of the app in that same blocked process (a deadlock that hung
 * a CI run for 450 s).
 */
export function dumpDatabase(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const args = [
    '-h',
    url.hostname,
    '-P',
    url.port || '3306',
    '-u',
    decodeURIComponent(url.username || 'root'),
    '--skip-comments',
    '--single-transaction',
  ];
  if (url.password) args.push(`-p${decodeURIComponent(url.password)}`);
  return execFileSync('mysqldump', [...args, url.pathname.slice(1)], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

/**
 * Every key under a Bull prefix (`SCAN`), with its `DUMP` and its values read by type (`GET`,
 * `HGETALL`, `LRANGE`, `ZRANGE`, `SMEMBERS`): DUMP alone may LZF-compress a long string.
 */
export async function dumpRedis(prefix: string): Promise<{ keys: string[]; text: string }> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys: string[] = [];
    const parts: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) keys.push(...(batch as string[]));
    for (const key of keys) {
      const dump = await redis.dumpBuffer(key);
      if (dump) parts.push(dump.toString('latin1'));
      const type = await redis.type(key);
      if (type === 'string') parts.push((await redis.get(key)) ?? '');
      if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      if (type === 'list') parts.push(...(await redis.lrange(key, 0, -1)));
      if (type === 'zset') parts.push(...(await redis.zrange(key, 0, -1)));
      if (type === 'set') parts.push(...(await redis.smembers(key)));
    }
    return { keys, text: parts.join('\n') };
  } finally {
    redis.disconnect();
  }
}

/** The forms a marker could take in a store: as is, base64, hex. */
export const markerForms = (marker: string): string[] => [
  marker,
  Buffer.from(marker).toString('base64'),
  Buffer.from(marker).toString('hex'),
];
