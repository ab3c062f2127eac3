import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplicationContext, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import { register } from 'prom-client';
import { WebhooksHealthIndicator } from '../src';

/**
 * A plain HTTP server with the worker's two probes: the worker has no Nest HTTP app, so no
 * module route can be reached through it.
 */
export async function serveWorkerProbes(
  app: INestApplicationContext,
  port: number,
): Promise<{ port: number; close(): void }> {
  const health = app.get(HealthCheckService);
  const webhooks = app.get(WebhooksHealthIndicator);
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) =>
      res.writeHead(status, { 'content-type': type }).end(body);
    if (req.method === 'GET' && req.url === '/health') {
      health.check([() => webhooks.isHealthy('webhooks')]).then(
        (result) => send(200, 'application/json', JSON.stringify(result)),
        (err) =>
          send(
            503,
            'application/json',
            JSON.stringify(err instanceof ServiceUnavailableException ? err.getResponse() : { status: 'error' }),
          ),
      );
    } else if (req.method === 'GET' && req.url === '/metrics') {
      register.metrics().then(
        (text) => send(200, register.contentType, text),
        () => send(500, 'text/plain', 'metrics unavailable\n'),
      );
    } else {
      send(404, 'application/json', JSON.stringify({ statusCode: 404, message: 'Not Found' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}
