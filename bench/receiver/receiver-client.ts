import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { within } from '../support/stats';
import { Endpoint, ListenerSpec, ReceiverReply, ReceiverStats } from './receiver-protocol';

/** The bench's handle on the receiver process (see receiver-process.ts). */
export class ReceiverClient {
  private nextId = 1;
  private pending = new Map<number, (reply: ReceiverReply) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: ReceiverReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  static async start(): Promise<ReceiverClient> {
    const child = fork(join(__dirname, 'receiver-process.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await within(
      new Promise((resolve, reject) => (child.once('spawn', resolve), child.once('error', reject))),
      10_000,
      'receiver start',
    );
    return new ReceiverClient(child);
  }

  listen(listeners: ListenerSpec[]): Promise<Endpoint[]> {
    return this.call({ cmd: 'listen', listeners }, 60_000).then((r) => r.endpoints!);
  }

  async closeListeners(): Promise<void> {
    await this.call({ cmd: 'closeListeners' }, 30_000);
  }

  async reset(): Promise<void> {
    await this.call({ cmd: 'reset' }, 10_000);
  }

  /** The receive time (wall clock, ms) of the `n`-th answered request since the last reset. */
  expect(n: number, timeoutMs: number): Promise<number> {
    return this.call({ cmd: 'expect', n }, timeoutMs).then((r) => r.at!);
  }

  stats(): Promise<ReceiverStats> {
    return this.call({ cmd: 'stats' }, 30_000).then((r) => r.stats!);
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill();
  }

  private call(command: Record<string, unknown>, timeoutMs: number): Promise<Extract<ReceiverReply, { ok: true }>> {
    const id = this.nextId++;
    const answer = new Promise<ReceiverReply>((resolve) => this.pending.set(id, resolve));
    this.child.send({ id, ...command });
    return within(answer, timeoutMs, `receiver ${command.cmd}`)
      .finally(() => this.pending.delete(id))
      .then((reply) => {
        if (!reply.ok) throw new Error(`receiver ${command.cmd}: ${reply.error}`);
        return reply;
      });
  }
}
