import type { AnswerVerdict } from '../body-format';

/** What the receiver's ACK said, and the verdict on the attempt. */
const SUCCEEDED = new Set(['AA', 'CA']);
const RETRY = new Set(['AE', 'CE']);
const REFUSED = new Set(['AR', 'CR']);

/** Stored errors hold 512 characters; the ACK's text is cut to leave room for the code. */
const MAX_TEXT = 400;

interface Delimiters {
  field: string;
  component: string;
  escape: string;
}

/** Field data with the ACK's own escape sequences read back (`\F\`, `\Xhh\`, `\.br\`, ...). */
function unescape(value: string, d: Delimiters, encoding: string): string {
  if (!d.escape) return value;
  const e = d.escape.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return value.replace(new RegExp(`${e}([^${e}]*)${e}`, 'g'), (whole, seq: string) => {
    const named: Record<string, string> = {
      F: d.field,
      S: d.component,
      T: encoding[3] ?? '&',
      R: encoding[1] ?? '~',
      E: d.escape,
    };
    if (named[seq]) return named[seq];
    if (seq === '.br') return '\n';
    if (/^X([0-9A-Fa-f]{2})+$/.test(seq)) return Buffer.from(seq.slice(1), 'hex').toString('utf8');
    return whole;
  });
}

/**
 * Reads a 2xx answer as an HL7 v2 acknowledgement: MSA-1 `AA`/`CA` succeeded; `AE`/`CE` an
 * error, retried on the schedule; `AR`/`CR` refused, failed at once. The error names the code
 * and the receiver's words (MSA-3, then each ERR's user message or error code text). An answer
 * that is not an ACK (no MSH first, no MSA, an unknown MSA-1) counts as succeeded: the
 * receiver took the POST with a 2xx.
 */
export function interpretAck(body: string | null): AnswerVerdict {
  const segments = (body ?? '').trim().split(/\r\n|\r|\n/);
  const msh = segments[0];
  if (!msh?.startsWith('MSH') || msh.length < 8) return { ok: true };
  const encoding = msh.slice(4).split(msh[3])[0];
  const d: Delimiters = { field: msh[3], component: encoding[0] ?? '^', escape: encoding[2] ?? '' };
  const fieldsOf = (id: string) => segments.filter((s) => s.startsWith(`${id}${d.field}`)).map((s) => s.split(d.field));
  const msa = fieldsOf('MSA')[0];
  const code = msa?.[1]?.trim().toUpperCase() ?? '';
  if (SUCCEEDED.has(code) || (!RETRY.has(code) && !REFUSED.has(code))) return { ok: true };
  const read = (v: string | undefined) => unescape(v ?? '', d, encoding).trim();
  const component = (v: string | undefined, n: number) => v?.split(d.component)[n - 1];
  const words = [
    read(msa[3]),
    ...fieldsOf('ERR').map((err) => read(err[8]) || read(component(err[3], 2)) || read(component(err[3], 1))),
  ].filter(Boolean);
  const text = [...new Set(words)].join('; ').replace(/\s+/g, ' ');
  const error = `HL7 ACK ${code}${text ? `: ${text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text}` : ''}`;
  return { ok: false, final: REFUSED.has(code), error, logged: `HL7 ACK ${code}` };
}
