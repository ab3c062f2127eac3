// jest globalSetup, part one: before any e2e spec runs, MariaDB/MySQL and Redis must answer.
// Without them every spec would fail on its own after its own timeouts, in a wall of connection
// errors; instead the run stops at once with one message naming what is missing.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const CONNECT_TIMEOUT_MS = 3000;

/** The URL as it may be shown: without its password. */
function shown(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('no answer'), { code: `no answer in ${ms} ms` })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function mariadbProblem(url) {
  const { createConnection } = require('mysql2/promise');
  try {
    const c = await createConnection({ uri: url, connectTimeout: CONNECT_TIMEOUT_MS });
    await c.end();
    return null;
  } catch (err) {
    if (err.code === 'ER_BAD_DB_ERROR') {
      const name = new URL(url).pathname.slice(1);
      return `the database "${name}" does not exist at ${shown(url)}: mysql -u root -e 'CREATE DATABASE ${name}'`;
    }
    return (
      `MariaDB/MySQL is not reachable at ${shown(url)} (${err.code ?? err.message}).\n` +
      '    Start it: service mariadb start (Debian: apt-get install -y mariadb-server), or as CI does:\n' +
      '    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd\n' +
      '    or set DATABASE_URL to a server that runs.'
    );
  }
}

async function redisProblem(url) {
  const { Redis } = require('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  let seen; // ioredis rejects connect() with "Connection is closed"; the cause comes as an event
  client.on('error', (err) => (seen ??= err));
  try {
    // One bound for connect and PING: a port that accepts and never answers (another program).
    await withTimeout(
      client.connect().then(() => client.ping()),
      CONNECT_TIMEOUT_MS,
    );
    return null;
  } catch (err) {
    return (
      `Redis is not reachable at ${shown(url)} (${(seen ?? err).code ?? (seen ?? err).message}).\n` +
      '    Start it: service redis-server start (Debian: apt-get install -y redis-server), or as CI does:\n' +
      '    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \\\n' +
      '      --dir /var/lib/redis --logfile /var/log/redis/ci.log\n' +
      '    or set REDIS_URL to a server that runs.'
    );
  } finally {
    client.disconnect();
  }
}

/** Whether this run selects a spec that needs the services (unit specs beside the source do not). */
function runsE2eSpecs(globalConfig) {
  const pattern = globalConfig.testPathPattern;
  if (!pattern) return true;
  const dir = join(__dirname, '..');
  const regex = new RegExp(pattern, 'i');
  return readdirSync(dir)
    .filter((f) => f.endsWith('e2e-spec.ts'))
    .some((f) => regex.test(join(dir, f)));
}

module.exports = async function servicesCheck(globalConfig = {}) {
  if (!runsE2eSpecs(globalConfig)) return;
  const databaseUrl = process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306/test';
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const problems = (await Promise.all([mariadbProblem(databaseUrl), redisProblem(redisUrl)])).filter(Boolean);
  if (problems.length === 0) return;
  process.stderr.write(
    `\nThe e2e specs run against real MariaDB/MySQL and Redis; no test was run:\n` +
      problems.map((p) => `  - ${p}\n`).join('') +
      '\n',
  );
  process.exit(1);
};
