import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqlDialect } from './dialect.sql';
import { insertSql, rawParam } from './raw-rows';
import { InjectSqlDialect } from './sql-dialect.provider';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** webhook_attempts' columns by property (the record of outcomes); `trigger` is a reserved word in MySQL. */
const ATTEMPT_COLUMNS: Record<keyof WebhookAttemptEntity, string> = {
  id: 'id',
  deliveryId: 'delivery_id',
  attempt: 'attempt',
  trigger: '`trigger`',
  url: 'url',
  startedAt: 'started_at',
  durationMs: 'duration_ms',
  requestHeaders: 'request_headers',
  responseStatus: 'response_status',
  responseHeaders: 'response_headers',
  responseBody: 'response_body',
  error: 'error',
  nextDelayMs: 'next_delay_ms',
  delayReason: 'delay_reason',
};
const ATTEMPT_PROPERTIES = Object.keys(ATTEMPT_COLUMNS) as (keyof WebhookAttemptEntity)[];
const ATTEMPT_COLUMN_NAMES = ATTEMPT_PROPERTIES.map((p) => ATTEMPT_COLUMNS[p]);

/** `webhook_attempts`: one row per HTTP attempt of an event-log entry. */
@Injectable()
export class WebhookAttemptsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
  ) {}

  /** Bytes of response bodies stored, as stored (sealed), for an entry's attempts so far. */
  async storedResponseBytes(deliveryId: string): Promise<number> {
    const [row] = await this.dataSource.query(
      'SELECT COALESCE(SUM(LENGTH(response_body)), 0) AS n FROM webhook_attempts WHERE delivery_id = ?',
      [deliveryId],
    );
    return Number(row?.n ?? 0);
  }

  /** Writes attempts with one multi-row INSERT inside `m`'s transaction. */
  async insert(m: EntityManager, rows: WebhookAttemptEntity[]): Promise<void> {
    await m.query(
      insertSql('webhook_attempts', ATTEMPT_COLUMN_NAMES, rows.length),
      rows.flatMap((r) => ATTEMPT_PROPERTIES.map((p) => this.param(r, p))),
    );
  }

  /** The attempt's error becomes `plain` if its entry's payload was expunged (read under the entry's lock). */
  async replaceErrorIfExpunged(m: EntityManager, attemptId: string, plain: string | null): Promise<void> {
    await m
      .createQueryBuilder()
      .update(WebhookAttemptEntity)
      .set({ error: plain })
      .where('id = :id', { id: attemptId })
      .andWhere(`delivery_id IN (SELECT d.id FROM webhook_deliveries d WHERE d.payload_expunged = :x)`, { x: true })
      .execute();
  }

  /** Of the attempts `ids`, those whose entry's payload was expunged lose their response body. */
  async dropBodiesIfExpunged(m: EntityManager, ids: string[]): Promise<void> {
    const expunged = m
      .createQueryBuilder()
      .subQuery()
      .select('d.id')
      .from(WebhookDeliveryEntity, 'd')
      .where('d.payload_expunged = :expunged', { expunged: true })
      .getQuery();
    await m
      .createQueryBuilder()
      .update(WebhookAttemptEntity)
      .set({ responseBody: null })
      .where('id IN (:...ids)', { ids })
      .andWhere(`delivery_id IN ${expunged}`)
      .execute();
  }

  /** An attempt's column value as a raw-query parameter (headers are JSON text, see jsonText). */
  private param(row: WebhookAttemptEntity, property: keyof WebhookAttemptEntity): unknown {
    const value = row[property];
    if (property === 'requestHeaders' || property === 'responseHeaders')
      return value == null ? null : JSON.stringify(value);
    return rawParam(this.dialect, value);
  }
}
