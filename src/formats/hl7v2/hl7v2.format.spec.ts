import fc from 'fast-check';
import { HL7Message } from 'hl7v2';
import { resolveWebhooksOptions } from '../../webhooks-options';
import { FormatEntry, FormatRenderError } from '../body-format';
import { Hl7v2Format } from './hl7v2.format';

const format = (hl7v2 = {}) =>
  new Hl7v2Format(resolveWebhooksOptions({ encryptionKey: Buffer.alloc(32, 1).toString('base64'), hl7v2 }));

const entryOf = (payload: Record<string, unknown>, eventType = 'report_signed'): FormatEntry => ({
  payloadJson: JSON.stringify({ ...payload, eventType }),
  eventType,
  entryId: '019af3c2-1111-7222-8333-444455556666',
  createdAt: new Date('2026-03-02T14:41:00.123Z'),
  eventNumber: null,
  attempt: 1,
  subscription: { hl7: { receivingApplication: 'EMR', receivingFacility: 'CLINIC' } } as FormatEntry['subscription'],
});

/** Text full of what ER7 must escape: every delimiter, CR, LF, control and non-ASCII characters, escape look-alikes. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom('|', '^', '~', '\\', '&', '\r', '\n', '\t', '\u0001', '\u007f', '\\F\\', '\\X0D\\', '\\.br\\'),
    fc.constantFrom('é', 'Zoë', '中', '😀', 'ß', '\u00a0'),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }),
  ),
  minLength: 1,
  maxLength: 12,
});

/** The text values of a report payload, each at the field a receiver reads it back from. */
const report = (v: string[]) => ({
  reportId: v[0],
  requisitionId: v[1],
  accessionNumber: v[2],
  patient: { mrn: v[3], name: { family: v[4], given: [v[5], v[6]] }, birthDate: '1984-07-12', sex: 'female' },
  orderingFacility: { id: v[7], name: v[8] },
  orderingProvider: { npi: v[9], name: v[10] },
  specimen: { id: v[11], type: v[12], collectedAt: '2026-03-02T08:15:00Z' },
  results: [
    { code: v[13], display: v[14], value: `v${v[15]}`, unit: v[16], referenceRange: v[17], abnormalFlag: v[18] },
  ],
  comments: [v[19]],
  signedAt: '2026-03-02T14:40:00Z',
});

function readBack(m: HL7Message): string[] {
  // The parser reads a value made only of hexadecimal escapes (`\X09\`) as bytes: UTF-8, as MSH-18 says.
  const at = (segment: string, field: number, component = 1) => {
    const value = m.getSegment(segment)!.field(field).getValue(component);
    return Buffer.isBuffer(value) ? value.toString('utf8') : value;
  };
  return [
    at('OBR', 3),
    at('OBR', 2),
    at('OBR', 20),
    at('PID', 3),
    at('PID', 5, 1),
    at('PID', 5, 2),
    at('PID', 5, 3),
    at('ORC', 21, 10),
    at('ORC', 21, 1),
    at('OBR', 16, 1),
    at('OBR', 16, 2),
    at('SPM', 2, 2),
    at('SPM', 4, 2),
    at('OBX', 3, 1),
    at('OBX', 3, 2),
    at('OBX', 5),
    at('OBX', 6, 1),
    at('OBX', 7),
    at('OBX', 8),
    at('NTE', 3),
  ];
}

describe('Hl7v2Format', () => {
  it('every value with delimiters, line breaks and non-ASCII reads back equal through an HL7 v2 parser', () => {
    const hl7 = format({ sendingApplication: 'LIS', sendingFacility: 'LAB' });
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 20, maxLength: 20 }), (v) => {
        const { body } = hl7.render(entryOf(report(v)));
        const m = HL7Message.parse(body);
        expect(m.segments.map((s) => s.segmentType)).toEqual(['MSH', 'PID', 'ORC', 'OBR', 'NTE', 'OBX', 'SPM']);
        const expected = [...v];
        expected[15] = `v${v[15]}`;
        expect(readBack(m)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('is the same text for every attempt of one entry (MSH-7 is the publish time, MSH-10 the entry id)', () => {
    const hl7 = format();
    const first = hl7.render(entryOf(report(Array(20).fill('x'))));
    const again = hl7.render({ ...entryOf(report(Array(20).fill('x'))), attempt: 3 });
    expect(again.body).toBe(first.body);
    expect(first.body.split('\r')[0]).toBe(
      'MSH|^~\\&|LAB_WEBHOOKS||EMR|CLINIC|20260302144100.123+0000||ORU^R01^ORU_R01|BmvPCEREiIMzRERVVWZm|P|2.5.1||||||UNICODE UTF-8',
    );
  });

  it('a date that is not ISO 8601 fails the render naming the path, never the value', () => {
    const bad = { ...report(Array(20).fill('x')), patient: { mrn: 'M', birthDate: '12/07/1984' } };
    expect(() => format().render(entryOf(bad))).toThrow(
      new FormatRenderError('hl7v2: patient.birthDate is not an ISO 8601 date or date-time'),
    );
  });

  it("a host renderer's own failure is named without its message (it may quote the payload)", () => {
    const hl7 = format({
      renderers: {
        sample_rejected: () => {
          throw new TypeError('cannot read Jane Doe');
        },
      },
    });
    expect(() => hl7.render(entryOf({}, 'sample_rejected'))).toThrow(
      new FormatRenderError('hl7v2: the renderer of sample_rejected failed (TypeError)'),
    );
  });
});
