import { HL7Message } from 'hl7v2';
import { Webhook } from 'standardwebhooks';
import { Hl7v2RenderInput, hl7Segment } from '../src';
import { useDeliveryHost } from './support/delivery-host';
import { bearer, TOKENS } from './support/env';
import { Hl7Listener, reportPayload } from './support/hl7-listener';
import { createSubscription, statusOf } from './support/test-app';
import { waitUntil } from './support/wait';

/** A host's own renderer for an event the module has none for: an ADT-free notice of the rejection. */
const sampleRejected = ({ payload }: Hl7v2RenderInput) => ({
  messageType: ['OML', 'O33', 'OML_O33'] as [string, string, string],
  segments: [hl7Segment('SPM', { 1: 1, 2: [undefined, [payload.sampleId]], 21: [undefined, payload.reason] })],
});

describe('hl7v2 format: ORU^R01 over HTTP to a listener that parses it and answers an ACK (real MariaDB, Redis, HTTP)', () => {
  const host = useDeliveryHost({
    retryDelaysSeconds: [0.2, 0.2],
    hl7v2: { sendingApplication: 'LIS', sendingFacility: 'NORTH_LAB', renderers: { sample_rejected: sampleRejected } },
  });
  const listener = new Hl7Listener();
  beforeEach(() => {
    listener.reset();
    host.receiver.handler = listener.handler;
  });

  const subscribe = (events: string[] = ['report_signed', 'report_corrected']) =>
    createSubscription(host, {
      url: host.receiver.url('/hl7'),
      events,
      format: 'hl7v2',
      hl7: { receivingApplication: 'EMR', receivingFacility: 'NORTH_CLINIC' },
    });
  const entry = (id: string) => host.entry(id);
  /** The attempts as the API shows them (a sealed error opened). */
  const attemptErrors = async (id: string) =>
    (await host.http.get(`/webhooks/events/${id}`).set(bearer(TOKENS.admin)).expect(200)).body.attempts;
  /** The ACK's words are nowhere in the stored rows: the attempt's error is sealed. */
  const expectSealedAtRest = async (id: string, words: string[]) => {
    const [first] = await host.attemptsOf(id);
    expect(first.error).toMatch(/^v\d+\./);
    const stored = JSON.stringify([await host.attemptsOf(id), await entry(id)]);
    for (const w of words) expect(stored).not.toContain(w);
  };
  const ended = (id: string, status: string) =>
    waitUntil(async () => (await statusOf(host, id)) === status, `entry ${status}`);
  const unsubscribe = (id: string) => host.http.delete(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin));
  const value = (m: HL7Message, segment: string, field: number, component = 1, index = 0) =>
    m.getSegment(segment, index)?.field(field).getValue(component);

  it('sends a report as an ORU^R01 v2.5.1 the listener parses: segments, fields and values back out equal', async () => {
    const sub = await subscribe();
    const payload = reportPayload();
    const { deliveryIds } = await host.webhooks.publish('report_signed', payload);
    await ended(deliveryIds[0], 'succeeded');
    const [req] = host.receiver.requests;
    expect(req.headers['content-type']).toBe('application/hl7-v2; charset=utf-8');
    expect(req.headers['x-webhook-event']).toBe('report_signed');
    // The signature covers the HL7 text exactly as sent.
    expect(() =>
      new Webhook(sub.signingSecret).verify(req.body, req.headers as any, { jsonParse: false }),
    ).not.toThrow();
    const [m] = listener.messages;
    expect(m.segments.map((s) => s.segmentType)).toEqual(['MSH', 'PID', 'ORC', 'OBR', 'OBX', 'OBX', 'OBX', 'SPM']);
    expect(m.segments.map((s) => s.fields.length)).toEqual([18, 8, 21, 25, 14, 14, 14, 17]);
    expect([m.messageType, m.version, m.controlId]).toEqual(['ORU^R01', '2.5.1', expect.stringMatching(/^.{20}$/)]);
    expect([3, 4, 5, 6, 9, 11, 18].map((f) => m.header.field(f).toHL7String())).toEqual([
      'LIS',
      'NORTH_LAB',
      'EMR',
      'NORTH_CLINIC',
      'ORU^R01^ORU_R01',
      'P',
      'UNICODE UTF-8',
    ]);
    expect([
      value(m, 'PID', 3),
      value(m, 'PID', 3, 5),
      value(m, 'PID', 5, 1),
      value(m, 'PID', 5, 2),
      value(m, 'PID', 5, 3),
      m.getSegment('PID')!.field(7).toHL7String(),
      value(m, 'PID', 8),
    ]).toEqual([
      payload.patient.mrn,
      'MR',
      payload.patient.name.family,
      ...payload.patient.name.given,
      payload.patient.birthDate.replace(/-/g, ''),
      'F', // female
    ]);
    expect([value(m, 'ORC', 2), value(m, 'ORC', 3), value(m, 'ORC', 12), value(m, 'ORC', 21, 10)]).toEqual([
      payload.requisitionId,
      payload.reportId,
      payload.orderingProvider.npi,
      payload.orderingFacility.id,
    ]);
    expect([
      value(m, 'OBR', 3),
      value(m, 'OBR', 25),
      value(m, 'OBR', 20),
      value(m, 'SPM', 2, 2),
      value(m, 'SPM', 4, 2),
      m.getSegment('OBR')!.field(7).toHL7String(),
      m.getSegment('OBR')!.field(22).toHL7String(),
    ]).toEqual([
      payload.reportId,
      'F',
      payload.accessionNumber,
      payload.specimen.id,
      payload.specimen.type,
      '20260302081500+0000', // specimen.collectedAt 2026-03-02T08:15:00Z
      '20260302144000+0000', // signedAt
    ]);
    payload.results.forEach((r: any, i: number) => {
      expect([
        value(m, 'OBX', 2, 1, i),
        value(m, 'OBX', 3, 1, i),
        value(m, 'OBX', 3, 3, i),
        Number(value(m, 'OBX', 5, 1, i)),
        value(m, 'OBX', 6, 1, i),
        value(m, 'OBX', 7, 1, i),
        value(m, 'OBX', 8, 1, i),
        value(m, 'OBX', 11, 1, i),
      ]).toEqual(['NM', r.code, 'LN', r.value, r.unit, r.referenceRange, r.abnormalFlag, 'F']);
    });
    // The ACK is stored and shown like any response body.
    const detail = await host.http.get(`/webhooks/events/${deliveryIds[0]}`).set(bearer(TOKENS.admin));
    expect(detail.body.attempts[0].responseBody).toMatch(/^MSH\|\^~\\&\|.*\rMSA\|AA\|/s);
    expect(detail.body.attempts[0].responseBody).toContain(`MSA|AA|${m.controlId}`);
    await unsubscribe(sub.id);
  });

  it('values with every delimiter, line breaks and non-ASCII arrive escaped and read back equal', async () => {
    const sub = await subscribe();
    const hostile = (n: number) => `O'Brien|^~\\&${n}\r\nZoë 中 😀 \\F\\ \\X0D\\`;
    const payload = reportPayload({
      reportId: hostile(1),
      patient: {
        mrn: hostile(2),
        name: { family: hostile(3), given: [hostile(4)] },
        birthDate: '1984-07-12',
        sex: 'male',
      },
      results: [
        {
          code: '2345-7',
          display: hostile(5),
          value: hostile(6),
          unit: hostile(7),
          referenceRange: hostile(8),
          abnormalFlag: 'A',
        },
      ],
      comments: [hostile(9)],
    });
    const { deliveryIds } = await host.webhooks.publish('report_signed', payload);
    await ended(deliveryIds[0], 'succeeded');
    const [m] = listener.messages;
    // Nothing split the message: one segment per line of the ORU, and the ACK said AA.
    expect(m.segments.map((s) => s.segmentType)).toEqual(['MSH', 'PID', 'ORC', 'OBR', 'NTE', 'OBX', 'SPM']);
    expect([
      value(m, 'OBR', 3),
      value(m, 'PID', 3),
      value(m, 'PID', 5, 1),
      value(m, 'PID', 5, 2),
      value(m, 'OBX', 3, 2),
      value(m, 'OBX', 2),
      value(m, 'OBX', 5),
      value(m, 'OBX', 6),
      value(m, 'OBX', 7),
      value(m, 'NTE', 3),
    ]).toEqual([1, 2, 3, 4, 5, 'TX', 6, 7, 8, 9].map((n) => (typeof n === 'number' ? hostile(n) : n)));
    await unsubscribe(sub.id);
  });

  it('a corrected report says so in OBR-25 and each OBX-11', async () => {
    const sub = await subscribe();
    const { deliveryIds } = await host.webhooks.publish('report_corrected', reportPayload({ status: 'corrected' }));
    await ended(deliveryIds[0], 'succeeded');
    const [m] = listener.messages;
    expect([value(m, 'OBR', 25), value(m, 'OBX', 11, 1, 0), value(m, 'OBX', 11, 1, 1)]).toEqual(['C', 'C', 'C']);
    await unsubscribe(sub.id);
  });

  it('AE then AA: retried on the schedule, the same message (same MSH-10) both times, succeeded after 2 attempts', async () => {
    const sub = await subscribe();
    listener.answers = [{ ack: 'AE', text: 'Database busy', errorText: 'try later' }, { ack: 'AA' }];
    const { deliveryIds } = await host.webhooks.publish('report_signed', reportPayload());
    await ended(deliveryIds[0], 'succeeded');
    const attempts = await attemptErrors(deliveryIds[0]);
    expect(attempts.map((a: any) => [a.attempt, a.trigger, a.responseStatus, a.error])).toEqual([
      [1, 'initial', 200, 'HL7 ACK AE: Database busy; try later'],
      [2, 'retry', 200, null],
    ]);
    await expectSealedAtRest(deliveryIds[0], ['Database busy', 'try later']);
    expect(listener.messages.map((m) => m.controlId)).toEqual([
      listener.messages[0].controlId,
      listener.messages[0].controlId,
    ]);
    const [first, second] = host.receiver.requests;
    expect(second.body).toBe(first.body);
    expect([first.headers['x-webhook-attempt'], second.headers['x-webhook-attempt']]).toEqual(['1', '2']);
    expect(await entry(deliveryIds[0])).toMatchObject({ attempt_count: 2, last_error: null });
    await unsubscribe(sub.id);
  });

  it('AR: failed at once with the ACK text, no retry; a resend sends the same MSH-10 again', async () => {
    const sub = await subscribe();
    listener.answers = [{ ack: 'AR', text: 'Unknown patient', errorText: 'PID-3 not on file' }, { ack: 'AA' }];
    const { deliveryIds } = await host.webhooks.publish('report_signed', reportPayload());
    const id = deliveryIds[0];
    await ended(id, 'failed');
    // Longer than both retry delays (0.2 s each): a retry would have come.
    await new Promise((r) => setTimeout(r, 1500));
    expect(host.receiver.requests).toHaveLength(1);
    expect(await entry(id)).toMatchObject({
      status: 'failed',
      attempt_count: 1,
      last_response_status: 200,
      // The entry's error, shown in lists and sent to the host's listeners, carries the code alone.
      last_error: 'HL7 ACK AR',
    });
    await expectSealedAtRest(id, ['Unknown patient', 'PID-3 not on file']);
    const resent = await host.http
      .post('/webhooks/events/resend')
      .set(bearer(TOKENS.admin))
      .send({ ids: [id] });
    expect(resent.status).toBe(202);
    await ended(id, 'succeeded');
    expect(listener.messages.map((m) => m.controlId)).toEqual([
      listener.messages[0].controlId,
      listener.messages[0].controlId,
    ]);
    expect((await attemptErrors(id)).map((a: any) => [a.trigger, a.error])).toEqual([
      ['initial', 'HL7 ACK AR: Unknown patient; PID-3 not on file'],
      ['resend', null],
    ]);
    await unsubscribe(sub.id);
  });

  it("a payload expunge erases the ACK's text from the attempt's error, keeping its code", async () => {
    const sub = await subscribe();
    listener.answers = [{ ack: 'AR', text: 'Jane Roe unknown', errorText: 'MRN-4711 not on file' }];
    const { deliveryIds } = await host.webhooks.publish('report_signed', reportPayload());
    const id = deliveryIds[0];
    await ended(id, 'failed');
    await host.http.delete(`/webhooks/events/${id}/payload`).set(bearer(TOKENS.admin)).expect(204);
    const erased = "HL7 ACK AR (the receiver's text was erased with the payload)";
    expect((await attemptErrors(id)).map((a: any) => a.error)).toEqual([erased]);
    expect((await host.attemptsOf(id)).map((a: any) => a.error)).toEqual([erased]);
    await unsubscribe(sub.id);
  });

  it('a 2xx answer that is not an ACK counts as succeeded; an HTTP error follows the usual rules', async () => {
    const sub = await subscribe();
    listener.answers = [
      { status: 503, body: 'down' },
      { status: 200, body: 'thanks' },
    ];
    const { deliveryIds } = await host.webhooks.publish('report_signed', reportPayload());
    await ended(deliveryIds[0], 'succeeded');
    expect((await host.attemptsOf(deliveryIds[0])).map((a: any) => [a.response_status, a.error])).toEqual([
      [503, 'HTTP 503'],
      [200, null],
    ]);
    await unsubscribe(sub.id);
  });

  it('an event type without a renderer cannot be chosen (400 naming it); a host renderer makes one available', async () => {
    const before = await host.dataSource.query('SELECT id FROM webhook_subscriptions');
    const refused = await host.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .send({ url: host.receiver.url('/hl7'), events: ['report_signed', 'requisition_canceled'], format: 'hl7v2' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(
      'events: format hl7v2 has no renderer for requisition_canceled; choose other events or register a renderer',
    );
    expect(await host.dataSource.query('SELECT id FROM webhook_subscriptions')).toEqual(before);
    const json = await createSubscription(host, { url: host.receiver.url('/json'), events: ['requisition_canceled'] });
    const switched = await host.http
      .patch(`/webhooks/subscriptions/${json.id}`)
      .set(bearer(TOKENS.admin))
      .send({ format: 'hl7v2' });
    expect(switched.status).toBe(400);
    expect(switched.body.message).toMatch(/^events: format hl7v2 has no renderer for requisition_canceled;/);
    await unsubscribe(json.id);

    const sub = await subscribe(['sample_rejected']);
    const { deliveryIds } = await host.webhooks.publish('sample_rejected', {
      sampleId: 'S-9|^~\\&',
      reason: 'Hemolyzed',
    });
    await ended(deliveryIds[0], 'succeeded');
    const [m] = listener.messages;
    expect([m.messageType, value(m, 'SPM', 2, 2), m.getSegment('SPM')!.field(21).getValue(2)]).toEqual([
      'OML^O33',
      'S-9|^~\\&',
      'Hemolyzed',
    ]);
    await unsubscribe(sub.id);
  });
});
