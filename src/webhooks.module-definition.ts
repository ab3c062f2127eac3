import { ConfigurableModuleBuilder, DynamicModule } from '@nestjs/common';
import { WebhooksModuleOptions } from './webhooks-options.interface';

export interface WebhooksModuleExtras {
  /** Path prefix of every webhook route. @default 'webhooks' */
  routePrefix?: string;
}

/** Set by `webhooks.module.ts`; kept out of here so this file has no import cycle. */
export const moduleParts: { add?: (d: DynamicModule, e: WebhooksModuleExtras) => DynamicModule } = {};

export const {
  ConfigurableModuleClass: WebhooksConfigurableModule,
  MODULE_OPTIONS_TOKEN: WEBHOOKS_MODULE_OPTIONS,
  OPTIONS_TYPE: WEBHOOKS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WEBHOOKS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WebhooksModuleOptions>()
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWebhooksOptions')
  .setExtras<WebhooksModuleExtras>({ routePrefix: 'webhooks' }, (definition, extras) =>
    moduleParts.add ? moduleParts.add(definition, extras) : definition,
  )
  .build();
