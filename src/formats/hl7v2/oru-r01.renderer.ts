import { MESSAGES } from '../../webhooks.messages';
import { FormatRenderError } from '../body-format';
import { hl7DateTime } from './hl7-time';
import {
  hl7Components as parts,
  hl7Segment as segment,
  Hl7v2Field,
  Hl7v2Message,
  Hl7v2RenderInput,
  Hl7v2Renderer,
  Hl7v2Segment,
} from './hl7v2-message';
import { observationValue } from './observation-value';

/** OBR-25 and OBX-11 by event: final, corrected, or stored but not yet verified (signed). */
export const RESULT_STATUS: Record<string, string> = {
  report_signed: 'F',
  report_corrected: 'C',
  report_ready_for_generation: 'R',
  report_correction_ready_for_generation: 'R',
};

/** PID-8 (HL7 table 0001) from the payload's administrative sex. */
const SEX: Record<string, string> = { female: 'F', male: 'M', other: 'O', unknown: 'U' };

/** The national provider identifier's assigning authority: an HD with its ISO OID. */
const NPI_AUTHORITY = ['NPI', '2.16.840.1.113883.4.6', 'ISO'];

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

const texts = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : [];

/** NTE per comment (source L: the lab); the payload may carry one text or a list. */
const notes = (v: unknown): Hl7v2Segment[] => texts(v).map((c, i) => segment('NTE', { 1: i + 1, 2: 'L', 3: c }));

/** XCN: NPI, then the name (a display text goes whole in the family-name component). */
function provider(p: any): Hl7v2Field {
  if (!p || typeof p !== 'object') return undefined;
  const name = p.name && typeof p.name === 'object' ? p.name : { family: p.name };
  const given = texts(name.given);
  const npi = text(p.npi);
  return parts({
    1: npi,
    2: text(name.family),
    3: given[0],
    4: given.slice(1).join(' ') || undefined,
    9: npi ? NPI_AUTHORITY : undefined,
    13: npi ? 'NPI' : undefined,
  });
}

/**
 * The module's renderer of the four report events: an `ORU^R01` (v2.5.1) with PID, ORC, OBR
 * (report comments as NTE), one OBX per result (its comments as NTE) and SPM.
 * docs/hl7v2.md maps each payload path to its segment and field.
 */
export const renderOruR01: Hl7v2Renderer = (input: Hl7v2RenderInput): Hl7v2Message => {
  const p = input.payload;
  const status = RESULT_STATUS[input.eventType];
  if (!status) throw new FormatRenderError(MESSAGES.hl7NotRendered(input.eventType));
  const patient = p.patient ?? {};
  const name = patient.name ?? {};
  const given = texts(name.given);
  const specimen = p.specimen ?? {};
  const facility = p.orderingFacility ?? {};
  const results: any[] = Array.isArray(p.results) ? p.results : [];
  const collectedAt = hl7DateTime(specimen.collectedAt, 'specimen.collectedAt');
  const signedAt = hl7DateTime(p.signedAt, 'signedAt');
  const placer = parts({ 1: text(p.requisitionId) });
  const filler = parts({ 1: text(p.reportId), 2: input.sendingApplication });
  const orderer = provider(p.orderingProvider);
  const pid = segment('PID', {
    1: 1,
    3: parts({ 1: text(patient.mrn), 4: [input.sendingFacility], 5: 'MR' }),
    5: parts({ 1: text(name.family), 2: given[0], 3: given.slice(1).join(' ') || undefined, 7: 'L' }),
    7: hl7DateTime(patient.birthDate, 'patient.birthDate'),
    8: typeof patient.sex === 'string' ? (SEX[patient.sex] ?? 'U') : undefined,
  });
  const orc = segment('ORC', {
    1: 'RE',
    2: placer,
    3: filler,
    5: status === 'R' ? 'IP' : 'CM',
    9: signedAt,
    12: orderer,
    21: parts({ 1: text(facility.name), 6: [input.sendingFacility], 7: 'XX', 10: text(facility.id) }),
  });
  const obr = segment('OBR', {
    1: 1,
    2: placer,
    3: filler,
    4: parts({ 2: 'Laboratory report' }),
    7: collectedAt,
    16: orderer,
    20: text(p.accessionNumber),
    22: signedAt,
    25: status,
  });
  const observations = results.flatMap((r, i): Hl7v2Segment[] => {
    const [type, value] = observationValue(r?.value, `results[${i}].value`);
    const unit = text(r?.unit) || undefined;
    const obx = segment('OBX', {
      1: i + 1,
      2: type,
      3: parts({ 1: text(r?.code), 2: text(r?.display), 3: 'LN' }),
      5: value,
      6: unit && parts({ 1: unit, 2: unit, 3: 'UCUM' }),
      7: text(r?.referenceRange),
      8: text(r?.abnormalFlag),
      11: status,
      14: collectedAt,
    });
    return [obx, ...notes(r?.comments ?? r?.comment)];
  });
  const spm = segment('SPM', {
    1: 1,
    2: parts({ 2: [text(specimen.id), input.sendingApplication] }),
    4: parts({ 2: text(specimen.type) }),
    17: parts({ 1: collectedAt }),
  });
  return {
    messageType: ['ORU', 'R01', 'ORU_R01'],
    segments: [pid, orc, obr, ...notes(p.comments ?? p.comment), ...observations, spm],
  };
};
