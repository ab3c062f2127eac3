import { v7 as uuidv7 } from 'uuid';
import { idRange, retentionFloor } from './event-log-window';
import { idFloorAt } from './ids';

const inRange = (id: string, r: { lo: string; hi?: string }) => id >= r.lo && (r.hi === undefined || id < r.hi);

describe('event-log window', () => {
  const now = new Date('2026-03-31T12:00:00Z');
  const floor = retentionFloor(now, 30);

  it('keeps an entry of 29 days ago and drops one of 31 days ago', () => {
    expect(inRange(uuidv7({ msecs: now.getTime() - 29 * 86_400_000 }), { lo: floor })).toBe(true);
    expect(inRange(uuidv7({ msecs: now.getTime() - 31 * 86_400_000 }), { lo: floor })).toBe(false);
  });

  it('reads since as inclusive and until as exclusive', () => {
    const r = idRange(floor, { since: '2026-03-10T00:00:00Z', until: '2026-03-11T00:00:00Z' });
    expect(inRange(uuidv7({ msecs: Date.parse('2026-03-10T00:00:00Z') }), r)).toBe(true);
    expect(inRange(uuidv7({ msecs: Date.parse('2026-03-10T23:59:59.999Z') }), r)).toBe(true);
    expect(inRange(uuidv7({ msecs: Date.parse('2026-03-11T00:00:00Z') }), r)).toBe(false);
    expect(inRange(uuidv7({ msecs: Date.parse('2026-03-09T23:59:59.999Z') }), r)).toBe(false);
  });

  it('never reaches below retention, whatever since says', () => {
    expect(idRange(floor, { since: '2020-01-01' }).lo).toBe(floor);
  });

  it('takes the tighter of until and the cursor', () => {
    const cursorId = uuidv7({ msecs: Date.parse('2026-03-20T00:00:00Z') });
    expect(idRange(floor, { until: '2026-03-25T00:00:00Z', cursorId }).hi).toBe(cursorId);
    expect(idRange(floor, { until: '2026-03-15T00:00:00Z', cursorId }).hi).toBe(
      idFloorAt(Date.parse('2026-03-15T00:00:00Z')),
    );
  });
});
