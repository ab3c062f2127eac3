import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sealPlainHeaders } from '../crypto/reseal';
import { SecretBox } from '../crypto/secret-box';

/**
 * At start, seals the custom header values that rows written before sealing still hold plain
 * (a migration holds no key, so it cannot). Idempotent and safe beside other instances doing
 * the same: each row is written only if unchanged since it was read.
 */
@Injectable()
export class PlainHeadersSealer implements OnApplicationBootstrap {
  private readonly logger = new Logger('WebhooksModule');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly box: SecretBox,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const sealed = await sealPlainHeaders(this.dataSource, this.box);
      if (sealed) this.logger.log(`sealed the custom header values of ${sealed} subscription(s) stored plain`);
    } catch (err: any) {
      // Deliveries still send plain values; the next start or `reseal-secrets` seals them.
      this.logger.warn(`could not seal plain custom header values now: ${err?.code ?? err?.message}`);
    }
  }
}
