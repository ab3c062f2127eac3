import { v7 as uuidv7 } from 'uuid';
import { idFloorAt, newId } from './ids';

describe('idFloorAt', () => {
  it('sorts below every id of its millisecond and above every id of the one before', () => {
    const at = Date.UTC(2026, 0, 31, 12, 0, 0, 123);
    const floor = idFloorAt(new Date(at));
    for (let i = 0; i < 50; i++) {
      expect(uuidv7({ msecs: at }) >= floor).toBe(true);
      expect(uuidv7({ msecs: at + 1 }) >= floor).toBe(true);
      expect(uuidv7({ msecs: at - 1 }) < floor).toBe(true);
    }
  });

  it('puts a fresh id at or above the floor of now', () => {
    const floor = idFloorAt(Date.now());
    expect(newId() >= floor).toBe(true);
  });

  it('clamps instants outside the 48-bit range', () => {
    expect(idFloorAt(-5)).toBe('00000000-0000-0000-0000-000000000000');
    expect(idFloorAt(2 ** 60)).toBe('ffffffff-ffff-0000-0000-000000000000');
  });
});
