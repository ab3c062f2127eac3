import { DataSource } from 'typeorm';
import { SecretBox } from './secret-box';

/** The sealed columns of a subscription row: property (as reports name them) and column. */
const SEALED = [
  ['passwordSealed', 'password_sealed'],
  ['signingSecretSealed', 'signing_secret_sealed'],
  ['previousSecretSealed', 'previous_secret_sealed'],
  ['tlsClientKeySealed', 'tls_client_key_sealed'],
  ['tlsClientKeyPassphraseSealed', 'tls_client_key_passphrase_sealed'],
  ['oauth2ClientSecretSealed', 'oauth2_client_secret_sealed'],
] as const;

/** A subscription row as stored (raw text), so the conditional write compares exactly what was read. */
interface RawRow {
  id: string;
  password_sealed: string | null;
  signing_secret_sealed: string;
  previous_secret_sealed: string | null;
  tls_client_key_sealed: string | null;
  tls_client_key_passphrase_sealed: string | null;
  oauth2_client_secret_sealed: string | null;
  headers: string;
  headers_sealed: string | null;
}

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

const COLUMNS = `id, ${SEALED.map(([, column]) => column).join(', ')}, headers, headers_sealed`;

/**
 * Re-seals every password, signing secret, client key and its passphrase, OAuth2 client secret
 * and custom header value not sealed under the current key, and seals header values still
 * stored plain, in batches of `batchSize` rows (keyset over ids). Idempotent: values already under the current key are left alone, so a run can be
 * repeated or resumed. The `SecretBox` must hold the current key and, as previous keys, every
 * key a value may still be sealed under.
 */
export async function resealSecrets(
  dataSource: DataSource,
  box: SecretBox,
  { batchSize = 200 } = {},
): Promise<ResealReport> {
  const report: ResealReport = { scanned: 0, resealed: 0, skipped: 0, unreadable: [] };
  for (let after = ''; ;) {
    const rows: RawRow[] = await dataSource.query(
      `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id > ? ORDER BY id LIMIT ${Number(batchSize)}`,
      [after],
    );
    if (!rows.length) return report;
    after = rows[rows.length - 1].id;
    report.scanned += rows.length;
    for (const row of rows) {
      const changes = resealRow(row, box, report.unreadable);
      if (!changes) continue;
      if (await writeIfUnchanged(dataSource, row, changes)) report.resealed++;
      else report.skipped++;
    }
  }
}

/** Column to new raw value, for the values of a row not sealed under the current key; null when none. */
function resealRow(row: RawRow, box: SecretBox, unreadable: string[]): Record<string, string> | null {
  const changes: Record<string, string> = {};
  for (const [property, column] of SEALED) {
    const sealed = row[column];
    if (sealed === null || SecretBox.keyIdOf(sealed) === box.currentKeyId) continue;
    try {
      changes[column] = box.seal(box.open(sealed));
    } catch {
      unreadable.push(`${row.id}.${property}`);
    }
  }
  const headers = sealedHeadersOf(row, box, unreadable);
  if (headers !== null) Object.assign(changes, { headers: '{}', headers_sealed: headers });
  return Object.keys(changes).length ? changes : null;
}

/**
 * The row's custom header values all sealed under the current key (plain ones sealed, older
 * keys' re-sealed), as raw text; null when nothing changes. A value no key opens is kept as
 * it is and reported as `<row id>.headers.<name>`.
 */
function sealedHeadersOf(row: RawRow, box: SecretBox, unreadable: string[]): string | null {
  const plain: Record<string, string> = JSON.parse(row.headers);
  const sealed: Record<string, string> = row.headers_sealed ? JSON.parse(row.headers_sealed) : {};
  let changed = Object.keys(plain).length > 0;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(sealed)) {
    out[name] = value;
    if (SecretBox.keyIdOf(value) === box.currentKeyId) continue;
    try {
      out[name] = box.seal(box.open(value));
      changed = true;
    } catch {
      unreadable.push(`${row.id}.headers.${name}`);
    }
  }
  for (const [name, value] of Object.entries(plain)) out[name] = box.seal(value);
  return changed ? JSON.stringify(out) : null;
}

/** Writes `changes` only if the row still holds what was read: a concurrent PATCH or rotation is never overwritten. */
async function writeIfUnchanged(
  dataSource: DataSource,
  row: RawRow,
  changes: Record<string, string>,
): Promise<boolean> {
  const set = Object.keys(changes);
  const compared = [...SEALED.map(([, column]) => column), 'headers', 'headers_sealed'] as const;
  const runner = dataSource.createQueryRunner();
  try {
    // A structured result: the rows changed, on MySQL and SQLite alike.
    const result = await runner.query(
      `UPDATE webhook_subscriptions SET ${set.map((c) => `${c} = ?`).join(', ')}
       WHERE id = ? AND ${compared.map((c) => `COALESCE(${c}, '') = ?`).join(' AND ')}`,
      [...set.map((c) => changes[c]), row.id, ...compared.map((c) => row[c] ?? '')],
      true,
    );
    return (result.affected ?? 0) > 0;
  } finally {
    await runner.release();
  }
}
