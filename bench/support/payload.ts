import { randomBytes } from 'node:crypto';

/**
 * A lab-like payload of about 1 KiB serialized. `emittedAt` (wall clock, ms) lets the receiver
 * measure emit-to-receive latency.
 */
export function payload1KiB(seq: number, emittedAt?: number): Record<string, unknown> {
  const base = {
    reportId: `R-${seq}`,
    requisitionId: `REQ-${seq}`,
    projectTemplateId: 'PT-1',
    patient: { name: 'Jane Roe', dob: '1980-01-01', mrn: `MRN-${seq}` },
    ...(emittedAt === undefined ? {} : { emittedAt }),
  };
  const pad = 1024 - JSON.stringify(base).length - '{"eventType":"report_signed","notes":""}'.length;
  return { ...base, notes: PAD.slice(0, Math.max(0, pad)) };
}

const PAD = randomBytes(768).toString('base64');

/** The same size as a JSON string, for the bare references. */
export const BODY_1KIB = JSON.stringify({ eventType: 'report_signed', ...payload1KiB(0) });
