import { LabSessions } from '../example/lab-sessions';

describe("the example app's sessions (LabSessions)", () => {
  let now = 0;
  const sessions = () => new LabSessions(1000, () => now);

  it('a session names its token until it expires, then nothing', () => {
    now = 0;
    const s = sessions();
    const id = s.create('admin-token');
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    now = 999;
    expect(s.tokenOf(id)).toBe('admin-token');
    now = 1000;
    expect(s.tokenOf(id)).toBeUndefined();
  });

  it('ids are random, and a destroyed session is gone for good', () => {
    now = 0;
    const s = sessions();
    const a = s.create('admin-token');
    const b = s.create('admin-token');
    expect(a).not.toBe(b);
    s.destroy(a);
    expect(s.tokenOf(a)).toBeUndefined();
    expect(s.tokenOf(b)).toBe('admin-token');
    expect(s.tokenOf('admin-token')).toBeUndefined();
  });
});
