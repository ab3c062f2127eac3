import { describe, expect, it } from '@jest/globals';
import { DELIVERY_STATUSES, isoToLocal, json, localTime, localToIso, prettyBody, statusText } from './format';

describe('statusText', () => {
  it('names each of the five statuses in words', () => {
    expect(DELIVERY_STATUSES).toEqual(['pending', 'retrying', 'succeeded', 'failed', 'canceled']);
    expect(DELIVERY_STATUSES.map(statusText)).toEqual(['Pending', 'Retrying', 'Succeeded', 'Failed', 'Canceled']);
  });
});

describe('prettyBody', () => {
  it('shows an HL7 v2 message one segment per line (its segments end with a bare CR)', () => {
    expect(prettyBody('MSH|^~\\&|LIS\rPID|1||123\rOBR|1\r')).toBe('MSH|^~\\&|LIS\nPID|1||123\nOBR|1');
  });

  it('indents JSON, and leaves any other text as it is', () => {
    expect(prettyBody('{"a":1,"b":[true]}')).toBe(json({ a: 1, b: [true] }));
    expect(json({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyBody('<html>busy</html>')).toBe('<html>busy</html>');
    expect(prettyBody('MSH without a separator')).toBe('MSH without a separator');
  });
});

describe('localToIso and isoToLocal', () => {
  it('turn a datetime-local value into an instant and back, in the viewer’s zone', () => {
    const iso = localToIso('2026-03-05T07:08');
    expect(iso).toBe(new Date(2026, 2, 5, 7, 8).toISOString());
    expect(isoToLocal(iso!)).toBe('2026-03-05T07:08');
  });

  it('give nothing for an empty or unreadable value', () => {
    expect(localToIso('')).toBeUndefined();
    expect(localToIso('not a date')).toBeUndefined();
    expect(isoToLocal(null)).toBe('');
    expect(isoToLocal('never')).toBe('');
  });
});

describe('localTime', () => {
  it('writes the date and time of an instant, not the raw ISO text', () => {
    const text = localTime('2026-03-05T07:08:09Z');
    expect(text).not.toContain('T07');
    expect(text).toMatch(/2026/);
  });
});
