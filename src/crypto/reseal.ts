import { DataSource, FindOptionsWhere, IsNull, MoreThan } from 'typeorm';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { SecretBox } from './secret-box';

/** The sealed columns of a subscription row. */
const SEALED = ['passwordSealed', 'signingSecretSealed', 'previousSecretSealed'] as const;
type SealedColumn = (typeof SEALED)[number];

export interface ResealReport {
  /** Rows read. */
  scanned: number;
  /** Rows written with every value sealed under the current key. */
  resealed: number;
  /** Rows changed by someone else between read and write; a second run picks them up. */
  skipped: number;
  /** Values no configured key opens: `<row id>.<column>` (never the value). */
  unreadable: string[];
}

/**
 * Re-seals every password and signing secret not sealed under the current key, in batches of
 * `batchSize` rows (keyset over ids). Idempotent: values already under the current key are left
 * alone, so a run can be repeated or resumed. The `SecretBox` must hold the current key and,
 * as previous keys, every key a value may still be sealed under.
 */
export async function resealSecrets(
  dataSource: DataSource,
  box: SecretBox,
  { batchSize = 200 } = {},
): Promise<ResealReport> {
  const repo = dataSource.getRepository(WebhookSubscriptionEntity);
  const report: ResealReport = { scanned: 0, resealed: 0, skipped: 0, unreadable: [] };
  const select = { id: true, passwordSealed: true, signingSecretSealed: true, previousSecretSealed: true } as const;
  for (let after = ''; ;) {
    const rows = await repo.find({ select, where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: batchSize });
    if (!rows.length) return report;
    after = rows[rows.length - 1].id;
    report.scanned += rows.length;
    for (const row of rows) {
      const changes = resealRow(row, box, report);
      if (!changes) continue;
      // Conditional on the values read: a concurrent PATCH or rotation is never overwritten.
      const where: FindOptionsWhere<WebhookSubscriptionEntity> = { id: row.id };
      for (const column of SEALED) (where as any)[column] = row[column] ?? IsNull();
      const result = await repo.update(where, changes);
      if (result.affected) report.resealed++;
      else report.skipped++;
    }
  }
}

function resealRow(row: Pick<WebhookSubscriptionEntity, 'id' | SealedColumn>, box: SecretBox, report: ResealReport) {
  const changes: Partial<Record<SealedColumn, string>> = {};
  for (const column of SEALED) {
    const sealed = row[column];
    if (sealed === null || SecretBox.keyIdOf(sealed) === box.currentKeyId) continue;
    try {
      changes[column] = box.seal(box.open(sealed));
    } catch {
      report.unreadable.push(`${row.id}.${column}`);
    }
  }
  return Object.keys(changes).length ? changes : null;
}
