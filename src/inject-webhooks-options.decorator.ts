import { Inject } from '@nestjs/common';
import { WEBHOOKS_OPTIONS } from './webhooks.constants';

/**
 * Injects the module's options with every default applied (`ResolvedWebhooksOptions`), in a
 * provider of a module that imports `WebhooksModule`.
 *
 * @publicApi
 */
export const InjectWebhooksOptions = (): ParameterDecorator & PropertyDecorator => Inject(WEBHOOKS_OPTIONS);
