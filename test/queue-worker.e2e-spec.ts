import Bull from 'bull';
import { startQueueWorker } from '../src/common/queue-worker';
import { TcpProxy } from './support/tcp-proxy';

// Bull 4 sends CLIENT SETNAME when a worker starts, without catching its failure. A queue
// closed while that command is still in flight must not leave an unhandled rejection behind
// (it ends a Node process, and in the suite it failed whichever spec was running).
describe('startQueueWorker: a queue closed just after its worker started (real Redis)', () => {
  let proxy: TcpProxy;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    // CLIENT SETNAME reaches Redis 1.5 s late: the queue is closed meanwhile.
    proxy = await new TcpProxy('127.0.0.1', 6379, { when: (c) => /setname/i.test(c.toString()), ms: 1500 }).start();
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await proxy.stop();
  });

  it('leaves no unhandled "Connection is closed." rejection', async () => {
    const queue = new Bull(`queue-worker-${process.pid}`, `redis://127.0.0.1:${proxy.port}`);
    const worker = startQueueWorker(queue, 1, async () => undefined).catch(() => undefined);
    await queue.isReady();
    await new Promise((r) => setTimeout(r, 200)); // the worker's SETNAME is on its way
    await queue.close();
    await worker;
    await new Promise((r) => setTimeout(r, 2000)); // past the held command
    expect(unhandled.map(String)).toEqual([]);
  });
});
