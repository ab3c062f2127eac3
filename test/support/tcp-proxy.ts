import { once } from 'node:events';
import { AddressInfo, createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of a real server (MariaDB): `stop()` cuts every
 * connection and refuses new ones, as an unreachable database would; `start()` opens the
 * same port again. Lets a test break the database for one app without touching the server,
 * or slow down chosen commands.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    /** Client bytes for which this is true reach the server `holdMs` late (a slow command). */
    private readonly hold?: { when: (chunk: Buffer) => boolean; ms: number },
  ) {}

  async start(): Promise<this> {
    const server = createServer((client) => {
      const upstream = createConnection(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => (client.destroy(), upstream.destroy()));
      }
      upstream.pipe(client);
      client.on('data', (chunk: Buffer) => {
        if (this.hold?.when(chunk)) setTimeout(() => upstream.destroyed || upstream.write(chunk), this.hold.ms);
        else upstream.write(chunk);
      });
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
