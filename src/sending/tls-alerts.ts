import { buildConnector } from 'undici';

/** How long the alert of a closed connection is kept for the request that failed on it. */
const KEEP_MS = 5_000;

/**
 * Our name for a connection that presented a client certificate and was closed before any
 * answer, without an alert: how Node's own TLS servers refuse a certificate they cannot verify.
 */
export const CLOSED_AFTER_CLIENT_CERTIFICATE = 'CLOSED_AFTER_CLIENT_CERTIFICATE';

/**
 * Remembers the TLS alert a receiver sent on each connection. Under TLS 1.3 a receiver that
 * wants a client certificate (or refuses ours) ends the connection after the handshake, with an
 * alert the HTTP client reports only as "other side closed"; the alert itself says what
 * happened. Connections are told apart by their local port, which the client's socket error names.
 */
class TlsAlerts {
  private readonly byPort = new Map<number, { socket: object; code: string }>();

  /** undici's connector with these options, each socket's TLS alert recorded. */
  connector(options: buildConnector.BuildOptions & { cert?: unknown }): buildConnector.connector {
    const connect = buildConnector(options);
    const presentsCertificate = !!options.cert;
    return (opts, callback) =>
      connect(opts, (err, socket) => {
        if (socket) this.watch(socket, presentsCertificate);
        (callback as (e: Error | null, s: unknown) => void)(err, socket);
      });
  }

  /** The TLS alert code behind a failed request, if its connection got one. */
  codeFor(err: any): string | undefined {
    const port = err?.socket?.localPort ?? err?.cause?.socket?.localPort;
    return port === undefined ? undefined : this.byPort.get(port)?.code;
  }

  private watch(socket: import('node:net').Socket, presentsCertificate: boolean): void {
    let port: number | undefined;
    const record = (code: string) => {
      if (port !== undefined || socket.localPort === undefined) return;
      port = socket.localPort;
      this.byPort.set(port, { socket, code });
    };
    socket.prependListener('error', (e: NodeJS.ErrnoException) => {
      if (e?.code?.startsWith('ERR_SSL_')) record(e.code);
    });
    // Listeners ahead of the HTTP client's, so the code is known when its error is handled.
    // Nothing read: a fresh connection, not a keep-alive one the receiver let go after an answer.
    const closed = () => {
      if (presentsCertificate && socket.bytesRead === 0) record(CLOSED_AFTER_CLIENT_CERTIFICATE);
    };
    socket.prependListener('end', closed);
    socket.prependListener('close', closed);
    socket.once('close', () => {
      if (port === undefined) return;
      const mine = port;
      setTimeout(() => this.byPort.get(mine)?.socket === socket && this.byPort.delete(mine), KEEP_MS).unref();
    });
  }
}

/** One for the process: the shared HTTP client and every endpoint's own TLS client record here. */
export const tlsAlerts = new TlsAlerts();
