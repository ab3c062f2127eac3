import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { WEBHOOK_EVENT_TYPES, WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

/** Paths receivers build on (FHIR and HL7 v2 mappings, clinic filters): each must be in the schema and the example. */
const REPORT_PATHS = [
  'eventType',
  'reportId',
  'status',
  'patient.mrn',
  'patient.name.family',
  'patient.name.given',
  'patient.birthDate',
  'patient.sex',
  'orderingFacility.id',
  'orderingFacility.name',
  'orderingProvider.npi',
  'orderingProvider.name',
  'results.code',
  'results.display',
  'results.value',
  'results.unit',
  'results.referenceRange',
  'results.abnormalFlag',
  'specimen.id',
  'specimen.type',
  'specimen.collectedAt',
];
const REQUISITION_PATHS = [
  'eventType',
  'requisitionId',
  'patient.mrn',
  'orderingFacility.id',
  'tests.code',
  'tests.display',
];
const PATHS: Record<string, string[]> = {
  report_signed: [...REPORT_PATHS, 'signedAt'],
  report_corrected: [...REPORT_PATHS, 'signedAt'],
  report_ready_for_generation: REPORT_PATHS,
  report_correction_ready_for_generation: REPORT_PATHS,
  requisition_signed_accession: REQUISITION_PATHS,
  requisition_canceled: REQUISITION_PATHS,
  sample_rejected: ['eventType', 'sampleId', 'requisitionId', 'reason', 'orderingFacility.id', 'orderingFacility.name'],
};

/** The values at a dotted path, through arrays. */
const valuesAt = (value: unknown, path: string[]): unknown[] =>
  Array.isArray(value)
    ? value.flatMap((v) => valuesAt(v, path))
    : path.length === 0
      ? [value]
      : value && typeof value === 'object' && path[0] in value
        ? valuesAt((value as any)[path[0]], path.slice(1))
        : [];

describe('event catalog: schemas, examples and the schema header (real MariaDB, Redis and receiver)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let types: any[];
  // A validator of its own, as a receiver would build one from the published schemas.
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }));
  const validatorOf = (name: string) =>
    ajv.getSchema(`urn:lab-webhooks:event:${name}:1`) ?? ajv.compile(types.find((e) => e.name === name).schema);

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp();
    types = (await t.http.get('/webhooks/event-types').set(bearer(TOKENS.user)).expect(200)).body;
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('lists the seven events, each with its description, schema version, draft 2020-12 schema, example and fields', () => {
    expect(types.map((e) => e.name)).toEqual([...WEBHOOK_EVENT_TYPES]);
    for (const e of types) {
      expect(e).toEqual({
        name: e.name,
        description: expect.stringMatching(/\w/),
        schemaVersion: 1,
        schema: expect.objectContaining({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' }),
        example: expect.objectContaining({ eventType: e.name }),
        fields: expect.arrayContaining([
          { path: 'orderingFacility.id', types: ['string'], description: expect.any(String) },
        ]),
        // No FHIR base URL on this host: the topic is a name (docs/fhir.md).
        fhirTopic: `urn:lab-webhooks/SubscriptionTopic/${e.name}`,
      });
    }
  });

  it.each(WEBHOOK_EVENT_TYPES)(
    '%s: the example follows the schema and carries every path receivers rely on',
    (name) => {
      const { example, fields } = types.find((e) => e.name === name);
      const validate = validatorOf(name);
      expect(validate(example) || validate.errors).toBe(true);
      for (const path of PATHS[name]) {
        expect([path, fields.some((f: any) => f.path === path)]).toEqual([path, true]);
        expect([path, valuesAt(example, path.split('.')).length > 0]).toEqual([path, true]);
      }
      // Every property the schema describes says what it is.
      expect(fields.filter((f: any) => !f.description).map((f: any) => f.path)).toEqual([]);
    },
  );

  it('patient.name follows FHIR HumanName, birthDate is YYYY-MM-DD and a payload breaking them is refused by the schema', () => {
    const { example } = types.find((e) => e.name === 'report_signed');
    expect(example.patient.name).toEqual({
      family: expect.any(String),
      given: [expect.any(String), expect.any(String)],
    });
    expect(example.patient.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const validate = validatorOf('report_signed');
    const broken = (patch: (p: any) => void) => {
      const copy = structuredClone(example);
      patch(copy);
      return validate(copy);
    };
    expect(broken((p) => (p.patient.name.given = 'Jane'))).toBe(false);
    expect(broken((p) => (p.patient.birthDate = '12/07/1984'))).toBe(false);
    expect(broken((p) => (p.results[0].code = 'glucose'))).toBe(false);
    expect(broken((p) => delete p.orderingFacility.id)).toBe(false);
  });

  it('each example published is delivered as is, follows its schema, and names its schema version in webhook-schema', async () => {
    await createSubscription(t, { url: `http://127.0.0.1:${receiver.port}/all`, events: [...WEBHOOK_EVENT_TYPES] });
    const webhooks = t.app.get(WebhooksPublisher);
    for (const e of types) await webhooks.publish(e.name, structuredClone(e.example));
    await waitUntil(() => receiver.requests.length === types.length, 'the seven deliveries');
    for (const e of types) {
      const req = receiver.requests.find((r) => r.headers['x-webhook-event'] === e.name)!;
      expect(req.headers['webhook-schema']).toBe(`${e.name}/1`);
      const body = JSON.parse(req.body);
      expect(body).toEqual(e.example);
      expect(validatorOf(e.name)(body)).toBe(true);
    }
  });
});
