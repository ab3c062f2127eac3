import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { PACKAGE_VERSION } from './webhooks.constants';

// What src/index.ts exports is the package's contract with its hosts: a change here is a
// deliberate API change (and a CHANGELOG entry), never a side effect.
const PUBLIC_API = [
  'WebhookPayloadInvalidError',
  'EventCatalogOverrides',
  'PayloadValidation',
  'SchemaField',
  'SchemaViolation',
  'EventCatalogService',
  'EventCatalog',
  'EventTypeDefinition',
  'WEBHOOK_EVENT_CATALOG',
  'AUDIT_ACTIONS',
  'AuditAction',
  'AuditEntryDto',
  'AuditLogService',
  'AuditPageDto',
  'AuditQueryDto',
  'AuditRecord',
  'AuditRetentionService',
  'AuditTrailService',
  'AuditTrail',
  'CallerBudget',
  'CallerLimitExceededError',
  'CallerLimitExceededException',
  'FieldProblem',
  'WebhooksBadRequestError',
  'WebhooksConflictError',
  'WebhooksError',
  'WebhooksForbiddenError',
  'WebhooksNotFoundError',
  'WebhooksUnauthorizedError',
  'WebhooksValidationError',
  'CallerLimitsOptions',
  'UrlChangeDto',
  'PayloadExpungeService',
  'SYSTEM_ACTOR',
  'AttemptDto',
  'CertificateExpiringEvent',
  'CreateSubscriptionDto',
  'CreatedSubscriptionDto',
  'CrossSiteRequest',
  'CurrentWebhooksCaller',
  'DEFAULT_SUBJECT_FIELDS',
  'DELIVERY_STATUSES',
  'DeliveryExhaustedEvent',
  'DeliveryStatus',
  'EndpointDisabledEvent',
  'EndpointRecoveredEvent',
  'EventDetailDto',
  'EventDto',
  'EventLogRetentionService',
  'EventLogService',
  'EventPageDto',
  'EventQueryDto',
  'EventResendService',
  'ExpressBodyParserHost',
  'FormatRenderError',
  'FhirEventInput',
  'FhirEventsQueryDto',
  'FhirFocus',
  'FhirOptions',
  'FhirPayloadContent',
  'FhirSettingsDto',
  'Hl7ReceiverDto',
  'Hl7v2Field',
  'Hl7v2Message',
  'Hl7v2Options',
  'Hl7v2RenderInput',
  'Hl7v2Renderer',
  'Hl7v2Segment',
  'Hl7v2Value',
  'ResolvedFhirOptions',
  'ResolvedHl7v2Options',
  'SubscriptionFormat',
  'hl7Components',
  'hl7Segment',
  'InjectWebhooksOptions',
  'PublishOptions',
  'PublishResult',
  'RequiresWebhookPermission',
  'ResendEventsDto',
  'ResendResultDto',
  'ResolvedWebhooksOptions',
  'RotatedSecretDto',
  'SubjectHasher',
  'SubjectOf',
  'SubscriptionDto',
  'SubscriptionPageDto',
  'SubscriptionsService',
  'UpdateSubscriptionDto',
  'WEBHOOKS_ENTITIES',
  'WEBHOOKS_MAINTENANCE_QUEUE',
  'WEBHOOKS_MIGRATIONS',
  'WEBHOOKS_OPERATIONAL_EVENTS',
  'WEBHOOKS_QUEUE',
  'WEBHOOK_EVENT_DESCRIPTIONS',
  'WEBHOOK_EVENT_TYPES',
  'WebhookAccess',
  'WebhookEventType',
  'WebhookPermissionGuard',
  'WebhookPublishError',
  'WebhooksCaller',
  'WebhooksConfigError',
  'WebhooksHealthCheckOptions',
  'WebhooksBodyParserHost',
  'WebhooksHealthIndicator',
  'WebhooksHealthResult',
  'WebhooksMetricsRegistry',
  'WebhooksModule',
  'WebhooksModuleExtras',
  'WebhooksModuleOptions',
  'WebhooksPrincipal',
  'WebhooksPublisher',
  'WebhooksService',
  'defaultSubjectOf',
  'isCrossSiteRequest',
  'isWebhookEventType',
  'refuseCrossSiteRequests',
  'subjectOfEvent',
  'useWebhooksBodyParser',
];

describe('public API (src/index.ts)', () => {
  const entry = join(__dirname, 'index.ts');
  const program = ts.createProgram([entry], { experimentalDecorators: true, noEmit: true });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!);

  it('exports exactly the curated names', () => {
    expect(exports.map((s) => s.getName()).sort()).toEqual([...PUBLIC_API].sort());
  });

  it('keeps each deprecated name as the same value as its successor', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const api = require('./index');
    expect(api.WebhooksService).toBe(api.WebhooksPublisher);
    expect(api.AuditTrail).toBe(api.AuditTrailService);
    expect(api.EventCatalog).toBe(api.EventCatalogService);
  });

  it('marks every export @publicApi where it is declared', () => {
    const unmarked = exports.filter((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return !target.getJsDocTags(checker).some((tag) => tag.name === 'publicApi');
    });
    expect(unmarked.map((s) => s.getName())).toEqual([]);
  });

  it('the example app imports the package only through its entry point', () => {
    const dir = join(__dirname, '..', 'example');
    const deep = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        [...readFileSync(join(dir, f), 'utf8').matchAll(/from '(\.\.\/src\/[^']*)'/g)].map((m) => `${f}: ${m[1]}`),
      );
    expect(deep).toEqual([]);
  });

  it('names the version of package.json (receivers see it in the user agent)', () => {
    expect(PACKAGE_VERSION).toBe(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version);
  });
});
