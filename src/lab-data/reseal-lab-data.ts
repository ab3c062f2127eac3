import { DataSource, IsNull, MoreThan, Repository } from 'typeorm';
import { SecretBox } from '../crypto/secret-box';
import { WebhookAttemptEntity } from '../persistence/webhook-attempt.entity';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { isSealed } from './payload-sealer';
import { SubjectHasher } from './subject-hasher';

export interface ResealLabDataOptions {
  batchSize?: number;
  /** Also seal payloads and bodies stored in plain text (written while `encryptPayloads` was off). @default true */
  sealPlaintext?: boolean;
}

export interface ResealLabDataReport {
  /** Entries and attempts read. */
  scanned: number;
  /** Rows written with their payload, body, subject copy and subject hash under the current key. */
  resealed: number;
  /** Rows changed by someone else between read and write (an expunge); a second run picks them up. */
  skipped: number;
  /** Values no configured key opens: `<row id>.<column>` (never the value). */
  unreadable: string[];
}

type Changes = Record<string, string | null>;

/**
 * Re-seals the event log after a key rotation: payloads, sealed subjects and response bodies
 * are opened with whichever key sealed them and sealed under the current key, and each
 * subject's keyed hash is recomputed with the current key (from the sealed subject), so
 * `?subject=` keeps finding entries once the old key is dropped. Idempotent and resumable,
 * batch by batch in id order; each write is conditional on the values read.
 */
export async function resealLabData(
  dataSource: DataSource,
  box: SecretBox,
  hasher: SubjectHasher,
  { batchSize = 200, sealPlaintext = true }: ResealLabDataOptions = {},
): Promise<ResealLabDataReport> {
  const report: ResealLabDataReport = { scanned: 0, resealed: 0, skipped: 0, unreadable: [] };
  const reseal = (row: { id: string }, column: string, stored: string | null, changes: Changes): string | null => {
    if (
      stored === null ||
      stored === '' ||
      (isSealed(stored) ? SecretBox.keyIdOf(stored) === box.currentKeyId : !sealPlaintext)
    )
      return null;
    try {
      const plain = isSealed(stored) ? box.open(stored) : stored;
      changes[column] = box.seal(plain);
      return plain;
    } catch {
      report.unreadable.push(`${row.id}.${column}`);
      return null;
    }
  };

  const deliveries = dataSource.getRepository(WebhookDeliveryEntity);
  const select = { id: true, payload: true, payloadExpunged: true, subjectHash: true, subjectSealed: true } as const;
  await eachBatch(deliveries, select, batchSize, report, async (row) => {
    const changes: Changes = {};
    if (!row.payloadExpunged) reseal(row, 'payload', row.payload, changes);
    if (
      row.subjectSealed !== null &&
      (SecretBox.keyIdOf(row.subjectSealed) !== box.currentKeyId ||
        SubjectHasher.keyIdOf(row.subjectHash ?? '') !== hasher.currentKeyId)
    ) {
      try {
        const subject = box.open(row.subjectSealed);
        changes.subjectSealed = box.seal(subject);
        changes.subjectHash = hasher.hash(subject);
      } catch {
        report.unreadable.push(`${row.id}.subject_sealed`);
      }
    }
    if (!Object.keys(changes).length) return;
    const where = { id: row.id, payload: row.payload, payloadExpunged: row.payloadExpunged };
    return (await deliveries.update(where, changes)).affected ? 'resealed' : 'skipped';
  });

  const attempts = dataSource.getRepository(WebhookAttemptEntity);
  await eachBatch(attempts, { id: true, responseBody: true, error: true } as const, batchSize, report, async (row) => {
    const changes: Changes = {};
    reseal(row, 'responseBody', row.responseBody, changes);
    // Only a sealed error holds receiver text; a plain one (a timeout, a status) stays plain.
    if (row.error !== null && isSealed(row.error)) reseal(row, 'error', row.error, changes);
    if (!Object.keys(changes).length) return;
    const where = { id: row.id, responseBody: row.responseBody ?? IsNull(), error: row.error ?? IsNull() };
    return (await attempts.update(where, changes)).affected ? 'resealed' : 'skipped';
  });
  return report;
}

async function eachBatch<E extends { id: string }>(
  repo: Repository<E>,
  select: Record<string, true>,
  batchSize: number,
  report: ResealLabDataReport,
  handle: (row: E) => Promise<'resealed' | 'skipped' | undefined>,
): Promise<void> {
  for (let after = ''; ;) {
    const rows = await repo.find({
      select: select as any,
      where: { id: MoreThan(after) } as any,
      order: { id: 'ASC' } as any,
      take: batchSize,
    });
    if (!rows.length) return;
    after = rows[rows.length - 1].id;
    report.scanned += rows.length;
    for (const row of rows) {
      const outcome = await handle(row);
      if (outcome) report[outcome]++;
    }
  }
}
