import { OPEN_STATUSES } from './webhook-delivery.entity';

/** `OPEN_STATUSES` as an SQL list, for raw statements: `status IN (${OPEN_STATUSES_SQL})`. */
export const OPEN_STATUSES_SQL = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
