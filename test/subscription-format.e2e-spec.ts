import { bearer, TOKENS } from './support/env';
import { startTestApp, TestApp } from './support/test-app';

const validBody = (extra: Record<string, unknown> = {}) => ({
  url: 'https://partner.example.com/hooks/lab',
  events: ['report_signed', 'report_corrected'],
  ...extra,
});

describe('subscription format (real MariaDB + Redis)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(() => t.close());

  const rows = () => t.dataSource.query('SELECT * FROM webhook_subscriptions ORDER BY id');
  const create = (body: Record<string, unknown>) =>
    t.http.post('/webhooks/subscriptions').set(bearer(TOKENS.admin)).send(body);
  const patch = (id: string, body: Record<string, unknown>) =>
    t.http.patch(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin)).send(body);

  it('is json by default, stored and shown with no hl7 receiver', async () => {
    const res = await create(validBody());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'json', hl7: null, fhir: null });
    const read = await t.http.get(`/webhooks/subscriptions/${res.body.id}`).set(bearer(TOKENS.admin));
    expect(read.body).toMatchObject({ format: 'json', hl7: null });
    const [row] = await t.dataSource.query('SELECT format, hl7 FROM webhook_subscriptions WHERE id = ?', [res.body.id]);
    expect(row).toEqual({ format: 'json', hl7: null });
  });

  it('hl7v2 with its receiver: stored and shown; switched to json, the receiver goes', async () => {
    const hl7 = { receivingApplication: 'EMR', receivingFacility: 'NORTH_CLINIC' };
    const res = await create(validBody({ format: 'hl7v2', hl7 }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'hl7v2', hl7 });
    const partial = await patch(res.body.id, { hl7: { receivingApplication: 'LIS2' } });
    expect(partial.body).toMatchObject({
      format: 'hl7v2',
      hl7: { receivingApplication: 'LIS2', receivingFacility: null },
    });
    const json = await patch(res.body.id, { format: 'json' });
    expect(json.body).toMatchObject({ format: 'json', hl7: null });
    const bare = await create(validBody({ format: 'hl7v2' }));
    expect(bare.body).toMatchObject({ hl7: { receivingApplication: null, receivingFacility: null } });
  });

  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown format', { format: 'xml' }, /^format must be one of: json, fhir-r4, hl7v2$/],
    ['a null format', { format: null }, /^format must be one of/],
    ['fhir with the json format', { fhir: { payloadContent: 'empty' } }, /^fhir applies only to format fhir-r4/],
    ['fhir that is not an object', { format: 'fhir-r4', fhir: 'id-only' }, /^fhir must be an object/],
    ['hl7 with the json format', { hl7: { receivingApplication: 'EMR' } }, /^hl7 applies only to format hl7v2/],
    ['hl7 that is not an object', { format: 'hl7v2', hl7: 'EMR' }, /^hl7 must be an object/],
    [
      'a receiving application with a delimiter',
      { format: 'hl7v2', hl7: { receivingApplication: 'EMR^X' } },
      /^hl7\.receivingApplication must not contain \| \^ ~ \\ & or control characters$/,
    ],
    [
      'a receiving facility with a line break',
      { format: 'hl7v2', hl7: { receivingFacility: 'A\rB' } },
      /^hl7\.receivingFacility must not contain/,
    ],
    [
      'a receiving facility too long',
      { format: 'hl7v2', hl7: { receivingFacility: 'F'.repeat(181) } },
      /^hl7\.receivingFacility must be shorter than or equal to 180/,
    ],
    [
      'an unknown hl7 field',
      { format: 'hl7v2', hl7: { sendingFacility: 'X' } },
      /^hl7\.property sendingFacility should not exist/,
    ],
    [
      'an event hl7v2 has no renderer for',
      { format: 'hl7v2', events: ['report_signed', 'sample_rejected'] },
      /^events: format hl7v2 has no renderer for sample_rejected;/,
    ],
  ];
  for (const [name, body, message] of refused) {
    it(`create with ${name}: 400 naming the field, nothing written`, async () => {
      const before = await rows();
      const res = await create(validBody(body));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(await rows()).toEqual(before);
    });
  }

  it('an update to a null format, or with settings of another format, is refused and changes nothing', async () => {
    const { body: created } = await create(validBody());
    const before = await rows();
    for (const [body, message] of [
      [{ fhir: { payloadContent: 'empty' } }, /^fhir applies only to format fhir-r4/],
      [{ format: null }, /^format must be one of/],
      [{ hl7: { receivingFacility: 'NORTH' } }, /^hl7 applies only to format hl7v2/],
    ] as const) {
      const res = await patch(created.id, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.message).toMatch(message);
    }
    expect(await rows()).toEqual(before);
    const kept = await patch(created.id, { format: 'json', hl7: null });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ format: 'json', hl7: null });
  });
});
