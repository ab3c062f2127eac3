import { LoggerService } from '@nestjs/common';
import request from 'supertest';
import { WEBHOOK_EVENT_CATALOG, WebhookPayloadInvalidError, WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { startExampleApp } from './support/example-app';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

/** Keeps the warnings the app logs. */
class Warnings implements LoggerService {
  readonly lines: string[] = [];
  log = () => undefined;
  error = (m: unknown) => void this.lines.push(String(m));
  warn = (m: unknown) => void this.lines.push(String(m));
}

const example = () => structuredClone(WEBHOOK_EVENT_CATALOG.report_signed.example) as any;
/** A broken birth date whose value must never show in an error or a log line. */
const brokenBirthDate = () => ({ ...example(), patient: { ...example().patient, birthDate: '12/07/1931' } });
const rows = async (t: { dataSource: TestApp['dataSource'] }) =>
  Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_deliveries'))[0].n);

describe('payload validation at publish (real MariaDB, Redis and receiver)', () => {
  let receiver: Receiver;
  const apps: { close(): Promise<void> }[] = [];
  const start = async (webhooks: Record<string, unknown>, logger?: LoggerService) => {
    const t = await startTestApp({ webhooks, logger });
    apps.push(t);
    await createSubscription(t, { url: `http://127.0.0.1:${receiver.port}/hook`, events: ['report_signed'] });
    return t;
  };

  beforeAll(async () => (receiver = await Receiver.start()));
  beforeEach(() => (receiver.requests.length = 0));
  afterAll(async () => {
    for (const a of apps) await a.close();
    await receiver.close();
  });

  it("'reject' throws a WebhookPayloadInvalidError naming the path and the rule, and writes nothing", async () => {
    const t = await start({ payloadValidation: 'reject' });
    const err = await t.app
      .get(WebhooksPublisher)
      .publish('report_signed', brokenBirthDate())
      .catch((e) => e);
    expect(err).toBeInstanceOf(WebhookPayloadInvalidError);
    expect(err).toMatchObject({
      schema: 'report_signed/1',
      path: 'patient.birthDate',
      rule: 'format: must match format "date"',
    });
    expect(err.message).toBe(
      'WebhooksModule: The payload does not follow report_signed/1: patient.birthDate breaks the rule format: must match format "date"',
    );
    const missing = { ...example(), results: [{ ...example().results[0], code: undefined }] };
    await expect(t.app.get(WebhooksPublisher).publish('report_signed', missing)).rejects.toMatchObject({
      path: 'results[0].code',
      rule: "required: must have required property 'code'",
    });
    expect(await rows(t)).toBe(0);

    // The example itself goes through, so the check is not refusing everything.
    await t.app.get(WebhooksPublisher).publish('report_signed', example());
    await waitUntil(() => receiver.requests.length === 1, 'the example delivered');
    expect(await rows(t)).toBe(1);
  });

  it("'warn' (the default) sends the payload and logs the path and the rule once a minute, never the value", async () => {
    const warnings = new Warnings();
    const t = await start({}, warnings);
    const webhooks = t.app.get(WebhooksPublisher);
    await webhooks.publish('report_signed', brokenBirthDate());
    await webhooks.publish('report_signed', brokenBirthDate());
    await waitUntil(() => receiver.requests.length === 2, 'both delivered');
    const lines = warnings.lines.filter((l) => l.includes('does not follow'));
    expect(lines).toEqual([
      'payload does not follow report_signed/1 at patient.birthDate (format: must match format "date"); sent anyway',
    ]);
    expect(warnings.lines.join('\n')).not.toMatch(/1931|MRN-004521|Doe/);
  });

  it("'off' checks nothing", async () => {
    const warnings = new Warnings();
    const t = await start({ payloadValidation: 'off' }, warnings);
    await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-1' });
    await waitUntil(() => receiver.requests.length === 1, 'delivered');
    expect(warnings.lines.filter((l) => l.includes('does not follow'))).toEqual([]);
  });

  it("a host's extended schema is served, checked and named in the header", async () => {
    const t = await start({
      payloadValidation: 'reject',
      eventCatalog: {
        report_signed: (base: any) => ({
          ...base,
          schemaVersion: '1-acme.1',
          schema: {
            ...base.schema,
            properties: { ...base.schema.properties, panelId: { type: 'string', description: 'Panel' } },
            required: [...base.schema.required, 'panelId'],
          },
          example: { ...base.example, panelId: 'P-7' },
        }),
      },
    });
    const types = (await t.http.get('/webhooks/event-types').set(bearer(TOKENS.admin)).expect(200)).body;
    const signed = types.find((e: any) => e.name === 'report_signed');
    expect(signed).toMatchObject({ schemaVersion: '1-acme.1', example: { panelId: 'P-7' } });
    expect(signed.fields.map((f: any) => f.path)).toContain('panelId');
    await expect(t.app.get(WebhooksPublisher).publish('report_signed', example())).rejects.toMatchObject({
      schema: 'report_signed/1-acme.1',
      path: 'panelId',
    });
    await t.app.get(WebhooksPublisher).publish('report_signed', signed.example);
    await waitUntil(() => receiver.requests.length === 1, 'delivered');
    expect(receiver.requests[0].headers['webhook-schema']).toBe('report_signed/1-acme.1');
  });

  it("the example app's trigger accepts the catalog example and, under reject, answers 400 with the path and the rule", async () => {
    const lab = await startExampleApp({ WEBHOOKS_PAYLOAD_VALIDATION: 'reject' });
    apps.push(lab);
    const admin = bearer(TOKENS.admin);
    await request(lab.baseURL)
      .post('/webhooks/subscriptions')
      .set(admin)
      .send({ url: `http://127.0.0.1:${receiver.port}/lab`, events: ['report_signed'] })
      .expect(201);
    const trigger = (body: object) => request(lab.baseURL).post('/lab/events/report_signed').set(admin).send(body);
    const refused = await trigger(brokenBirthDate()).expect(400);
    expect(refused.body.message).toEqual([
      'WebhooksModule: The payload does not follow report_signed/1: patient.birthDate breaks the rule format: must match format "date"',
    ]);
    expect(JSON.stringify(refused.body)).not.toContain('1931');
    expect(await rows(lab)).toBe(0);
    const accepted = await trigger(example()).expect(202);
    expect(accepted.body.eventId).toMatch(/\w/);
    await waitUntil(() => receiver.requests.some((r) => r.url === '/lab'), 'the example delivered');
  });
});
