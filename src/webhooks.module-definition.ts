import { ConfigurableModuleBuilder } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { WebhooksModuleOptions } from './webhooks-options.interface';

/** Default path prefix of every webhook route. */
export const DEFAULT_ROUTE_PREFIX = 'webhooks';

/**
 * Registration settings beside the options: they shape the module, not the services.
 *
 * @publicApi
 */
export interface WebhooksModuleExtras {
  /** Path prefix of every webhook route ('' for none). @default 'webhooks' */
  routePrefix?: string;
}

/**
 * The options half of the module: `forRoot` / `forRootAsync` and the options token. The
 * route prefix goes through Nest's `RouterModule`, which keeps it per application, so two
 * apps with different prefixes in one process do not see each other's.
 */
export const {
  ConfigurableModuleClass: WebhooksConfigurableModule,
  MODULE_OPTIONS_TOKEN: WEBHOOKS_MODULE_OPTIONS,
  OPTIONS_TYPE: WEBHOOKS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WEBHOOKS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WebhooksModuleOptions>()
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWebhooksOptions')
  .setExtras<WebhooksModuleExtras>({ routePrefix: DEFAULT_ROUTE_PREFIX }, (definition, extras) => {
    const prefix = (extras.routePrefix ?? DEFAULT_ROUTE_PREFIX).replace(/^\/+|\/+$/g, '');
    if (!prefix) return definition;
    return {
      ...definition,
      imports: [...(definition.imports ?? []), RouterModule.register([{ path: prefix, module: definition.module }])],
    };
  })
  .build();
