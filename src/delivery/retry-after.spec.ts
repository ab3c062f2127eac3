import { nextDelay, parseRetryAfter } from './retry-after';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  const answer = (status: number, retryAfter?: string) => ({
    status,
    headers: (retryAfter === undefined ? {} : { 'retry-after': retryAfter }) as Record<string, string>,
  });

  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('2026-11-28T12:00:05Z', now)).toBeNull();
  });

  it('waits the later of the schedule and the header on a 429 or a 503', () => {
    expect(nextDelay(1000, answer(429, '3'), 3600, now)).toEqual({ delayMs: 3000, reason: 'retry-after' });
    expect(nextDelay(1000, answer(503, 'Sat, 28 Nov 2026 12:00:04 GMT'), 3600, now)).toEqual({
      delayMs: 4000,
      reason: 'retry-after',
    });
    expect(nextDelay(10_000, answer(429, '3'), 3600, now)).toEqual({ delayMs: 10_000, reason: 'schedule' });
  });

  it('caps the header at maxRetryAfterSeconds', () => {
    expect(nextDelay(1000, answer(429, '86400'), 3600, now)).toEqual({
      delayMs: 3_600_000,
      reason: 'retry-after-capped',
    });
    expect(nextDelay(1000, answer(503, 'Fri, 01 Jan 2100 00:00:00 GMT'), 5, now)).toEqual({
      delayMs: 5000,
      reason: 'retry-after-capped',
    });
  });

  it('ignores Retry-After on any other status, and a missing or unreadable header', () => {
    expect(nextDelay(1000, answer(500, '30'), 3600, now)).toEqual({ delayMs: 1000, reason: 'schedule' });
    expect(nextDelay(1000, answer(429), 3600, now)).toEqual({ delayMs: 1000, reason: 'schedule' });
    expect(nextDelay(1000, answer(429, 'later'), 3600, now)).toEqual({ delayMs: 1000, reason: 'schedule' });
    expect(nextDelay(1000, { status: null, headers: null }, 3600, now)).toEqual({ delayMs: 1000, reason: 'schedule' });
  });
});
