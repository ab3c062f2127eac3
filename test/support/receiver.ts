import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, ServerOptions as HttpsOptions } from 'node:https';
import { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** Over HTTPS: the subject CN of the client certificate presented, or null. */
  clientCertificate?: string | null;
}

export type ReceiverHandler = (req: ReceivedRequest, res: ServerResponse) => void | Promise<void>;

const answer204: ReceiverHandler = (_req, res) => {
  res.statusCode = 204;
  res.end();
};

/** A real HTTP receiver on loopback that records every request and answers as told. */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  handler: ReceiverHandler = answer204;
  private server: Server;
  private scheme = 'http';
  private waiters: { n: number; resolve: () => void }[] = [];

  /** `maxHeaderSize`: Node's 16 KiB by default; raise it to take oversized headers. */
  static async start(host = '127.0.0.1', handler?: ReceiverHandler, maxHeaderSize?: number): Promise<Receiver> {
    const r = new Receiver();
    if (handler) r.handler = handler;
    r.server = createServer({ maxHeaderSize }, (req, res) => r.onRequest(req, res));
    r.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => r.server.listen(0, host, resolve));
    return r;
  }

  /**
   * A real HTTPS receiver (`node:https`): `tls` as Node takes it, e.g. a server certificate for
   * 127.0.0.1 and, for mutual TLS, `requestCert: true, rejectUnauthorized: true` with the CA of
   * the accepted client certificates.
   */
  static async startHttps(tls: HttpsOptions, handler?: ReceiverHandler): Promise<Receiver> {
    const r = new Receiver();
    if (handler) r.handler = handler;
    r.scheme = 'https';
    r.server = createHttpsServer(tls, (req, res) => r.onRequest(req, res));
    r.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Forgets the requests and answers 204 again (between tests sharing one receiver). */
  reset(): void {
    this.requests.length = 0;
    this.handler = answer204;
  }

  url(path = '/hook'): string {
    return `${this.scheme}://127.0.0.1:${this.port}${path}`;
  }

  /** Resolves once `n` requests in all have arrived (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs = 20000): Promise<void> {
    if (this.requests.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`receiver got ${this.requests.length} of ${n} requests`)),
        timeoutMs,
      );
      this.waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    // answer() sends or destroys the response whatever the handler does: nothing to await.
    req.on('end', () => void this.answer(req, res, chunks));
  }

  private async answer(req: IncomingMessage, res: ServerResponse, chunks: Buffer[]): Promise<void> {
    const received = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
      clientCertificate:
        this.scheme === 'https'
          ? String((req.socket as TLSSocket).getPeerCertificate()?.subject?.CN ?? '') || null
          : undefined,
    };
    this.requests.push(received);
    this.waiters = this.waiters.filter((w) => (this.requests.length >= w.n ? (w.resolve(), false) : true));
    try {
      await this.handler(received, res);
    } catch {
      res.destroy();
    }
  }
}
