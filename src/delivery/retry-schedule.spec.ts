import { attemptTrigger, retryDelayMs } from './retry-schedule';

describe('retryDelayMs', () => {
  it('follows the vendor schedule: 64 s, then 729 s, then nothing', () => {
    expect(retryDelayMs(1, [64, 729])).toBe(64_000);
    expect(retryDelayMs(2, [64, 729])).toBe(729_000);
    expect(retryDelayMs(3, [64, 729])).toBeNull();
  });

  it('takes any schedule, including none', () => {
    expect(retryDelayMs(1, [])).toBeNull();
    expect(retryDelayMs(1, [0.5])).toBe(500);
  });
});

describe('attemptTrigger', () => {
  it.each([
    [0, 0, 'initial'],
    [1, 1, 'retry'],
    [2, 2, 'retry'],
    [3, 0, 'resend'],
    [4, 1, 'retry'],
  ] as const)('attempt_count %i, run_attempts %i → %s', (count, run, trigger) => {
    expect(attemptTrigger(count, run)).toBe(trigger);
  });
});
