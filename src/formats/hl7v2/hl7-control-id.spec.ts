import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { hl7ControlId } from './hl7-control-id';

describe('hl7ControlId', () => {
  it('is 20 base64url characters, the same for one entry id, different for each of many', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    const controlIds = ids.map(hl7ControlId);
    for (const c of controlIds) expect(c).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(new Set(controlIds).size).toBe(ids.length);
    expect(hl7ControlId(ids[0])).toBe(controlIds[0]);
  });

  it('keeps every meaningful bit: ids one bit apart anywhere outside the fixed ones give different control ids', () => {
    const hex = uuidv7().replace(/-/g, '');
    const fixed = new Set([48, 49, 50, 51, 64, 65, 0, 1]); // version, variant, the time's top two bits
    const base = hl7ControlId(hex);
    for (let bit = 0; bit < 128; bit++) {
      if (fixed.has(bit)) continue;
      const n = BigInt(`0x${hex}`) ^ (1n << BigInt(127 - bit));
      expect(hl7ControlId(n.toString(16).padStart(32, '0'))).not.toBe(base);
    }
  });

  it('an id of another shape: its first 20 hex digits', () => {
    const id = uuidv4();
    expect(hl7ControlId(id)).toBe(id.replace(/-/g, '').slice(0, 20));
  });
});
