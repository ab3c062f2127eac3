import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { PrivateRedis } from './private-redis';

export const PRIVATE_REDIS = Symbol('PRIVATE_REDIS');

/**
 * Stops the private Redis when the app shuts down. It is a provider of the root module, whose
 * shutdown hooks Nest calls last, after Bull has closed its queues.
 */
@Injectable()
export class PrivateRedisShutdown implements OnApplicationShutdown {
  constructor(@Optional() @Inject(PRIVATE_REDIS) private readonly redis?: PrivateRedis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.stop();
  }
}
