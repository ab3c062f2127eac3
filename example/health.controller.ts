import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { WebhooksHealthIndicator } from '../src';

/**
 * `GET /health` for load balancers and orchestrators: no authentication, 200 when the
 * webhooks' database and Redis answer, 503 when either does not.
 */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly webhooks: WebhooksHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.webhooks.isHealthy('webhooks')]);
  }
}
