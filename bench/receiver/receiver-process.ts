/**
 * The receivers of the bench, in a process of their own so that they do not share an event
 * loop with the engine: raw `node:http` servers answering 204 (or never, for `hang`).
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { wallNow } from '../support/stats';
import { Endpoint, ListenerSpec, ReceiverCommand, ReceiverReply, ReceiverStats } from './receiver-protocol';

const EMITTED_AT = /"emittedAt":([0-9.]+)/;

let servers: Server[] = [];
let stats: ReceiverStats = fresh();
let waiters: { n: number; id: number }[] = [];

function fresh(): ReceiverStats {
  return { count: 0, hung: 0, firstAt: null, lastAt: null, latenciesMs: [] };
}

const reply = (message: ReceiverReply) => process.send!(message);

function onOk(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    res.statusCode = 204;
    res.end();
    const at = wallNow();
    stats.count++;
    stats.firstAt ??= at;
    stats.lastAt = at;
    const emitted = EMITTED_AT.exec(body);
    if (emitted) stats.latenciesMs.push(at - Number(emitted[1]));
    if (waiters.length) {
      waiters = waiters.filter((w) => (stats.count >= w.n ? (reply({ id: w.id, ok: true, at }), false) : true));
    }
  });
}

function onHang(req: IncomingMessage): void {
  stats.hung++;
  req.resume();
}

async function listen(specs: ListenerSpec[]): Promise<Endpoint[]> {
  const endpoints: Endpoint[] = [];
  for (const spec of specs) {
    const server = createServer(spec.mode === 'hang' ? onHang : onOk);
    server.keepAliveTimeout = 30_000;
    server.headersTimeout = 60_000;
    server.requestTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, spec.host, () => resolve());
    });
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    endpoints.push({ host: spec.host, port, url: `http://${spec.host}:${port}/hook` });
  }
  return endpoints;
}

async function closeListeners(): Promise<void> {
  const closing = servers.map(
    (s) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve()))),
  );
  servers = [];
  await Promise.all(closing);
}

async function answer(command: ReceiverCommand): Promise<unknown> {
  try {
    switch (command.cmd) {
      case 'listen':
        return reply({ id: command.id, ok: true, endpoints: await listen(command.listeners) });
      case 'closeListeners':
        await closeListeners();
        return reply({ id: command.id, ok: true });
      case 'reset':
        stats = fresh();
        waiters = [];
        return reply({ id: command.id, ok: true });
      case 'expect':
        if (stats.count >= command.n) return reply({ id: command.id, ok: true, at: stats.lastAt! });
        waiters.push({ n: command.n, id: command.id });
        return;
      case 'stats':
        return reply({ id: command.id, ok: true, stats });
    }
  } catch (err) {
    reply({ id: command.id, ok: false, error: String((err as Error)?.message ?? err) });
  }
}

// answer() replies to every command, a failure included, so nothing is left to await here.
process.on('message', (command: ReceiverCommand) => void answer(command));

// The bench owns this process: when it goes, so do the receivers.
process.on('disconnect', () => process.exit(0));
