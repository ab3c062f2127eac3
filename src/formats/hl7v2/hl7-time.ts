import { MESSAGES } from '../../webhooks.messages';
import { FormatRenderError } from '../body-format';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,4})\d*)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO 8601 date or date-time as an HL7 DTM (`YYYYMMDD[HHMM[SS[.SSSS]]][+ZZZZ]`), its offset
 * kept as given (`Z` as `+0000`). Absent: empty. Not a date: the entry cannot be rendered;
 * the error names the payload path, never the value.
 */
export function hl7DateTime(value: unknown, path: string): string {
  if (value === undefined || value === null || value === '') return '';
  const m = typeof value === 'string' ? ISO.exec(value) : null;
  if (!m) throw new FormatRenderError(MESSAGES.hl7NotTime(path));
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let out = `${y}${mo}${d}`;
  if (h !== undefined) out += `${h}${mi}${s ?? ''}${s !== undefined && frac ? `.${frac}` : ''}`;
  if (zone) out += zone === 'Z' ? '+0000' : zone.replace(':', '');
  return out;
}

/** A JavaScript date as a DTM in UTC to the millisecond. */
export function hl7Timestamp(at: Date): string {
  const iso = at.toISOString(); // 2026-12-06T10:11:12.345Z
  return hl7DateTime(iso.replace(/(\.\d{3})\d*Z$/, '$1Z'), 'time');
}
