import { createHmac, hkdfSync } from 'node:crypto';

/** Interim stand-in for the lab-data subject hasher: the same shape, replaced when it lands. */
const FIELDS = ['subject', 'reportId', 'requisitionId', 'sampleId', 'accessionNumber'] as const;

export function subjectHashOf(encryptionKey: Buffer, payload: Record<string, unknown>): string | null {
  for (const field of FIELDS) {
    const v = payload[field];
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) {
      const key = Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'lab-webhooks subject hash v1', 32));
      return `k.${createHmac('sha256', key).update(String(v), 'utf8').digest('base64url')}`;
    }
  }
  return null;
}
