import { SetMetadata } from '@nestjs/common';
import { WEBHOOKS_LINK_ACCESS_METADATA } from '../webhooks.constants';

/**
 * Lets an integrator link's caller reach a route (read-only views of its one endpoint, and
 * resend where the link allows it). Every route without it refuses a link with 403.
 */
export const AllowsLinkCaller = () => SetMetadata(WEBHOOKS_LINK_ACCESS_METADATA, true);
