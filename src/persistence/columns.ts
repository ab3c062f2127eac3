import { ValueTransformer } from 'typeorm';

/** Millisecond datetimes on MySQL; SQLite (example app) takes the same declaration. */
export const dateTime = { type: 'datetime', precision: 3 } as const;

/** JSON kept as text, so one entity serves MySQL and SQLite alike. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value == null ? value : JSON.parse(value)),
};
