import { MESSAGES } from '../../webhooks.messages';
import { FormatRenderError } from '../body-format';
import type { Hl7v2Field } from './hl7v2-message';

/** A comparator and a number, e.g. `<0.5` or `>= 200`: a structured numeric (SN). */
const STRUCTURED_NUMERIC = /^(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)$/;

/** ST holds at most 199 characters in v2.5.1, and no line break; longer or multi-line text is TX. */
const ST_MAX = 199;

/**
 * OBX-2 and OBX-5 from a result's value: a number is NM, a comparator with a number SN, other
 * text ST (TX when long or multi-line).
 */
export function observationValue(value: unknown, path: string): [type: string, value: Hl7v2Field] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FormatRenderError(MESSAGES.hl7NotFinite(path));
    // NM has no exponent: 1e21 is written out in full.
    return ['NM', value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })];
  }
  if (typeof value !== 'string') throw new FormatRenderError(MESSAGES.hl7NotNumberOrText(path));
  const sn = STRUCTURED_NUMERIC.exec(value.trim());
  if (sn) return ['SN', [sn[1], sn[2]]];
  return [/[\r\n]/.test(value) || value.length > ST_MAX ? 'TX' : 'ST', value];
}
