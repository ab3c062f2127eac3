import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export interface OAuth2Client {
  client_id: string;
  client_secret: string;
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post';
}

/**
 * A real OAuth2 authorization server (`oidc-provider`) on loopback, run in a child process
 * (the library is ESM-only; jest runs the specs as CommonJS). Counts token requests and checks
 * tokens the way a resource server does: by introspection.
 */
export class AuthorizationServer {
  tokenRequests = 0;
  private acks = new Map<number, () => void>();
  private nextId = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on('message', (m: any) => {
      if (m.type === 'token-request') this.tokenRequests++;
      if (m.type === 'ack') this.acks.get(m.id)?.();
    });
  }

  static async start(clients: OAuth2Client[]): Promise<AuthorizationServer> {
    const child = fork(join(__dirname, 'authorization-server.mjs'), [], {
      env: { ...process.env, OAUTH2_CLIENTS: JSON.stringify(clients) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`authorization server exited (${code})`)));
      child.on('message', (m: any) => m.type === 'listening' && resolve(m.port));
    });
    return new AuthorizationServer(child, port);
  }

  get tokenUrl(): string {
    return `http://127.0.0.1:${this.port}/token`;
  }

  /** Lifetime (`expires_in`) of the tokens issued from now on. */
  setTokenLifetime(seconds: number): Promise<void> {
    return this.tell({ type: 'ttl', seconds });
  }

  /** While down, the token endpoint answers 503 `temporarily_unavailable`. */
  setDown(down: boolean): Promise<void> {
    return this.tell({ type: 'down', down });
  }

  /** Whether a token is active, asked as a resource server asks (RFC 7662), with its own client. */
  async introspect(token: string, client: OAuth2Client): Promise<boolean> {
    const res = await this.postToken('introspection', token, client);
    return ((await res.json()) as { active?: boolean }).active === true;
  }

  /** Revokes a token (RFC 7009) as its own client would, so receivers refuse it from now on. */
  async revoke(token: string, client: OAuth2Client): Promise<void> {
    const res = await this.postToken('revocation', token, client);
    if (res.status !== 200) throw new Error(`revocation answered ${res.status}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await exited;
  }

  private postToken(endpoint: string, token: string, client: OAuth2Client): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.port}/token/${endpoint}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token }).toString(),
    });
  }

  private tell(message: Record<string, unknown>): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      this.child.send({ ...message, id });
    });
  }
}
