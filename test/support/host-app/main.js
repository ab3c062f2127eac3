// The throw-away host's entry point (plain JavaScript: it runs against the host's own
// node_modules, with the package installed from its tarball). AppModule is the README's
// snippet, transpiled as it stands. The test drives the host through JSON lines on stdin and
// reads its answers as `@@ {json}` lines on stdout; Nest's own log lines pass through.
'use strict';
const { NestFactory } = require('@nestjs/core');
const { createInterface } = require('node:readline');
const { EventLogRetentionService, useWebhooksBodyParser } = require('lab-webhooks');
const { AppModule, ReportsService } = require('./app.module');

const say = (message) => process.stdout.write(`@@ ${JSON.stringify(message)}\n`);
const DAY_MS = 24 * 60 * 60 * 1000;

async function main() {
  const app = await NestFactory.create(AppModule, { logger: ['log', 'error', 'warn'] });
  useWebhooksBodyParser(app);
  app.enableShutdownHooks();
  // The host's authentication, reduced to a header: the module reads req.user.
  app.use((req, _res, next) => {
    const id = req.headers['x-user'];
    if (id) req.user = { id, permissions: ['Webhook Admin'] };
    next();
  });
  await app.listen(0, '127.0.0.1');
  say({ ready: app.getHttpServer().address().port });
  for await (const line of createInterface({ input: process.stdin })) {
    const command = JSON.parse(line);
    try {
      if (command.sign) {
        // The host's own domain code publishes the event.
        await app.get(ReportsService).sign(command.sign, { name: 'Jane Roe', mrn: 'MRN-1' });
        say({ signed: command.sign });
      } else if (command.purgeDaysAhead !== undefined) {
        const now = new Date(Date.now() + command.purgeDaysAhead * DAY_MS);
        say({ purged: await app.get(EventLogRetentionService).purgeExpired(now) });
      } else if (command.close) {
        await app.close();
        say({ closed: true });
        process.exit(0);
      }
    } catch (err) {
      say({ error: String((err && err.message) || err) });
    }
  }
}

main().catch((err) => {
  process.stderr.write(`host failed to start: ${(err && err.stack) || err}\n`);
  process.exit(1);
});
