/**
 * Reads an event's subject, the lab object it is about (a report, a requisition, a sample).
 * The host may replace it with the `subjectOf` option; `null` means "no subject".
 * @publicApi
 */
export type SubjectOf = (eventType: string, payload: Record<string, unknown>) => string | number | null | undefined;

/**
 * The payload fields the default reads, first match wins.
 *
 * @publicApi
 */
export const DEFAULT_SUBJECT_FIELDS = ['subject', 'reportId', 'requisitionId', 'sampleId', 'accessionNumber'] as const;

/** Longest subject kept: longer values are a host bug, not a lab object id. */
export const MAX_SUBJECT_LENGTH = 200;

/**
 * The default `subjectOf`: the first string or number among `payload.subject`, `reportId`,
 * `requisitionId`, `sampleId`, `accessionNumber`.
 * @publicApi
 */
export const defaultSubjectOf: SubjectOf = (_eventType, payload) => {
  for (const field of DEFAULT_SUBJECT_FIELDS) {
    const value = payload[field];
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  }
  return null;
};

/**
 * The subject as stored and searched: a non-empty string of at most `MAX_SUBJECT_LENGTH`
 * characters, or null. Numbers become their decimal text, so `?subject=42` finds `reportId: 42`.
 */
export function normalizeSubject(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_SUBJECT_LENGTH) return null;
  return value;
}

/**
 * Runs `subjectOf` for one event; a throwing or odd `subjectOf` yields no subject rather than no event.
 *
 * @publicApi
 */
export function subjectOfEvent(
  subjectOf: SubjectOf,
  eventType: string,
  payload: Record<string, unknown>,
): string | null {
  try {
    return normalizeSubject(subjectOf(eventType, payload));
  } catch {
    return null;
  }
}
