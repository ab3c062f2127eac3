import { h } from './dom';
import { DeliveryStatus } from './types';

// One formatter for every date: toLocaleString() would build a new one per call (slow over a table).
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A date and time in the viewer's zone and language. */
export const localTime = (iso: string): string => DATE_TIME.format(new Date(iso));

/** A timestamp in the viewer's time zone, with the ISO value in `datetime`. */
export function time(iso: string | null | undefined): HTMLElement | string {
  if (!iso) return '—';
  const d = new Date(iso);
  return h('time', { datetime: d.toISOString(), title: d.toISOString() }, DATE_TIME.format(d));
}

const STATUS_TEXT: Record<DeliveryStatus, string> = {
  pending: 'Pending',
  retrying: 'Retrying',
  succeeded: 'Succeeded',
  failed: 'Failed',
  canceled: 'Canceled',
};

const STATUS_MARK: Record<DeliveryStatus, string> = {
  pending: '…',
  retrying: '↻',
  succeeded: '✓',
  failed: '✕',
  canceled: '–',
};

/** Status as words plus a mark; colour only repeats what the text says. */
export const statusBadge = (status: DeliveryStatus): HTMLElement =>
  h(
    'span',
    { class: `status status-${status}` },
    h('span', { 'aria-hidden': 'true' }, STATUS_MARK[status] ?? '?'),
    ' ',
    STATUS_TEXT[status] ?? status,
  );

export const DELIVERY_STATUSES = Object.keys(STATUS_TEXT) as DeliveryStatus[];
export const statusText = (s: DeliveryStatus): string => STATUS_TEXT[s] ?? s;

export const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** An HL7 v2 message (ER7): MSH, then its field separator. */
const HL7_MESSAGE = /^\s*MSH[^A-Za-z0-9\s]/;

/**
 * A body as stored: an HL7 v2 message one segment per line (its segments end with a bare CR,
 * which a page shows as no break at all), pretty JSON when it parses, the raw text otherwise.
 */
export function prettyBody(body: string): string {
  if (HL7_MESSAGE.test(body))
    return body
      .trim()
      .split(/\r\n|\r|\n/)
      .join('\n');
  try {
    return json(JSON.parse(body));
  } catch {
    return body;
  }
}

/** A `datetime-local` value as an ISO instant (the viewer's zone), or undefined. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** An ISO instant as a `datetime-local` value in the viewer's zone. */
export function isoToLocal(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
