import { WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { statusParameters } from './support/fhir-r4';
import { reportPayload } from './support/hl7-listener';
import { Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';
import { startWorker, stopWorker, workerEnv } from './support/worker';

/** The event number a notification bundle carries. */
const numberOf = (body: string): number => {
  const event = statusParameters(JSON.parse(body)).find(([name]) => name === 'notification-event')!;
  return Number((event[1] as [string, string, unknown][])[0][2]);
};

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('fhir-r4 event numbers with worker processes (real MariaDB, Redis, receiver)', () => {
  let receiver: Receiver;
  let publisher: TestApp;

  beforeAll(async () => (receiver = await Receiver.start()));
  afterAll(() => receiver.close());
  beforeEach(async () => (publisher = await startTestApp({ webhooks: { processDeliveries: false } })));
  afterEach(() => publisher.close());

  it('500 events published 25 at a time to two subscriptions, two workers, 10 % first attempts failing: 1..500 each, no gap, same number on retries', async () => {
    const subscriptions: string[] = [];
    for (const path of ['/emr-a', '/emr-b']) {
      const res = await publisher.http
        .post('/webhooks/subscriptions')
        .set(bearer(TOKENS.admin))
        .send({ url: receiver.url(path), events: ['report_signed'], format: 'fhir-r4' });
      expect(res.status).toBe(201);
      subscriptions.push(res.body.id);
    }
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const bodiesById = new Map<string, Set<string>>();
    let failedFirst = 0;
    receiver.handler = (req, res) => {
      if (req.headers['x-webhook-event'] === 'handshake') return void res.writeHead(204).end();
      const id = String(req.headers['webhook-id']);
      const first = !bodiesById.has(id);
      bodiesById.set(id, (bodiesById.get(id) ?? new Set()).add(req.body));
      res.statusCode = first && random() < 0.1 ? 500 : 204;
      if (res.statusCode === 500) failedFirst++;
      res.end();
    };
    const env = workerEnv(publisher, { retryDelaysSeconds: [1, 2], recoveryIntervalMs: 1000, concurrency: 20 });
    const workers = await Promise.all([startWorker(env), startWorker(env)]);
    const webhooks = publisher.app.get(WebhooksPublisher);
    const rounds: string[][] = [];
    try {
      for (let round = 0; round < 20; round++) {
        const published = await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            webhooks.publish('report_signed', reportPayload({ reportId: `R-${round}-${i}` })),
          ),
        );
        rounds.push(published.flatMap((p) => p.deliveryIds));
      }
      await waitUntil(
        async () =>
          Number(
            (
              await publisher.dataSource.query(
                `SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'succeeded' AND event_type = 'report_signed'`,
              )
            )[0].n,
          ) === 1000,
        'all 1000 entries delivered',
        180_000,
        500,
      );
    } finally {
      await Promise.all(workers.map((w) => stopWorker(w, 'SIGTERM')));
    }
    expect(failedFirst).toBeGreaterThan(40); // the retries did happen (about 100 expected)
    // Every retry of an entry sent the same bytes, so the same number.
    for (const [id, bodies] of bodiesById) expect({ id, bodies: bodies.size }).toEqual({ id, bodies: 1 });
    for (const [n, path] of ['/emr-a', '/emr-b'].entries()) {
      const received = [...bodiesById.values()]
        .map((b) => [...b][0])
        .filter((body) => body.includes(subscriptions[n]))
        .map(numberOf)
        .sort((a, b) => a - b);
      expect({ path, received }).toEqual({ path, received: range(500) });
    }
    // Commit order: a round published after another committed has only higher numbers.
    const numbers = new Map<string, number>(
      (await publisher.dataSource.query('SELECT id, event_number FROM webhook_deliveries')).map((r: any) => [
        r.id,
        Number(r.event_number),
      ]),
    );
    for (let round = 1; round < rounds.length; round++) {
      for (const sub of subscriptions) {
        const of = async (ids: string[]) =>
          (
            await publisher.dataSource.query(
              `SELECT id FROM webhook_deliveries WHERE subscription_id = ? AND id IN (${ids.map(() => '?').join(', ')})`,
              [sub, ...ids],
            )
          ).map((r: any) => numbers.get(r.id)!);
        const before = Math.max(...(await of(rounds[round - 1])));
        const after = Math.min(...(await of(rounds[round])));
        expect({ round, sub, later: after > before }).toEqual({ round, sub, later: true });
      }
    }
    process.stdout.write(`fhir numbers: ${failedFirst} first attempts failed, ${receiver.requests.length} requests\n`);
  }, 300_000);
});
