import { idFloorAt } from './ids';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Entries whose id sorts below this are past retention: never listed, shown or resent, and purged. */
export const retentionFloor = (now: Date, retentionDays: number): string =>
  idFloorAt(now.getTime() - retentionDays * DAY_MS);

/** The id range `lo <= id < hi` a page reads; `hi` undefined: no upper bound. */
export interface IdRange {
  lo: string;
  hi?: string;
}

/**
 * Turns the time filters and the cursor into one id range (ids are UUIDv7, so time order is
 * id order): `since` is inclusive, `until` exclusive, the cursor is the last id already seen.
 */
export function idRange(floor: string, filters: { since?: string; until?: string; cursorId?: string }): IdRange {
  const lows = [floor, ...(filters.since ? [idFloorAt(new Date(filters.since))] : [])];
  const highs = [
    ...(filters.until ? [idFloorAt(new Date(filters.until))] : []),
    ...(filters.cursorId ? [filters.cursorId] : []),
  ];
  return { lo: lows.sort().at(-1)!, hi: highs.sort()[0] };
}
