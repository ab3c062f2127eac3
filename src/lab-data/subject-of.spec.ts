import { defaultSubjectOf, subjectOfEvent } from './subject-of';

describe('defaultSubjectOf', () => {
  it.each([
    [{ subject: 'S', reportId: 'R' }, 'S'],
    [{ reportId: 'R-1', requisitionId: 'Q' }, 'R-1'],
    [{ reportId: { nested: 1 }, requisitionId: 'Q-1' }, 'Q-1'],
    [{ sampleId: 42 }, 42],
    [{ accessionNumber: 'A-9' }, 'A-9'],
    [{ reportId: null, patient: 'x' }, null],
    [{ reportId: Number.NaN }, null],
  ])('%j → %p', (payload, expected) => {
    expect(defaultSubjectOf('report_signed', payload)).toBe(expected);
  });
});

describe('subjectOfEvent', () => {
  it('turns numbers into text and drops empty, overlong and odd values', () => {
    expect(subjectOfEvent(() => 7, 'e', {})).toBe('7');
    expect(subjectOfEvent(() => '', 'e', {})).toBeNull();
    expect(subjectOfEvent(() => 'x'.repeat(201), 'e', {})).toBeNull();
    expect(subjectOfEvent(() => ({}) as any, 'e', {})).toBeNull();
  });

  it('a throwing subjectOf gives no subject rather than no event', () => {
    expect(
      subjectOfEvent(
        () => {
          throw new Error('host bug');
        },
        'e',
        {},
      ),
    ).toBeNull();
  });
});
