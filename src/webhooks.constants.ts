/** The package's version, as `package.json` has it (a spec checks they agree); receivers see it in the user agent. */
export const PACKAGE_VERSION = '0.1.0';

/** Injection token of the resolved (defaults merged) module options. */
export const WEBHOOKS_OPTIONS = Symbol('lab-webhooks:options');

/**
 * Name of the Bull queue the module registers on the host's Bull connection.
 *
 * @publicApi
 */
export const WEBHOOKS_QUEUE = 'lab-webhooks-delivery';

/**
 * Name of the Bull queue of background upkeep (the event-log purge), apart from deliveries.
 *
 * @publicApi
 */
export const WEBHOOKS_MAINTENANCE_QUEUE = 'lab-webhooks-maintenance';

/** Name of the repeatable job that purges event-log entries past retention. */
export const WEBHOOKS_PURGE_JOB = 'purge-event-log';

/** Metadata key for the permission a route needs; see `RequiresWebhookPermission`. */
export const WEBHOOKS_PERMISSION_METADATA = 'lab-webhooks:permission';

/** Name of the request property where the guard leaves the resolved caller. */
export const WEBHOOKS_CALLER_KEY = 'webhooksCaller';

/** Name of the repeatable job that purges audit rows past `auditRetentionDays`. */
export const WEBHOOKS_AUDIT_PURGE_JOB = 'purge-audit-trail';

/** Metadata key of the routes an integrator link may reach; see `AllowsLinkCaller`. */
export const WEBHOOKS_LINK_ACCESS_METADATA = 'lab-webhooks:link-access';

/** Injection token of the `SqlDialect` of the host's data source, chosen once at start. */
export const WEBHOOKS_SQL_DIALECT = Symbol('lab-webhooks:sql-dialect');
