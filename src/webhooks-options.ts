import { Provider } from '@nestjs/common';
import { encryptionKeys } from './crypto/encryption-keys';
import { isWebhookEventType } from './event-types/event-types';
import { resolveFhirOptions } from './formats/fhir/fhir-options';
import { resolveHl7v2Options } from './formats/hl7v2/hl7v2-options';
import { defaultSubjectOf } from './lab-data/subject-of';
import {
  CallerLimitsOptions,
  EventCatalogOverrides,
  PayloadValidation,
  ResolvedWebhooksOptions,
  WebhooksModuleOptions,
} from './webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from './webhooks.constants';
import { CONFIG_REASONS, WebhooksConfigError } from './webhooks.messages';
import { WEBHOOKS_MODULE_OPTIONS } from './webhooks.module-definition';

export const DEFAULT_OPTIONS = {
  deliveryTimeoutMs: 10_000,
  retryDelaysSeconds: [64, 729],
  retentionDays: 30,
  purgeIntervalMs: 60 * 60 * 1000,
  purgeBatchSize: 1000,
  adminPermission: 'Webhook Admin',
  userPermission: 'Webhook User',
  // On Fastify, Nest middleware (a host's authentication) sees the Node request: `request.raw`.
  principalResolver: (request: any) => request?.user ?? request?.raw?.user,
  allowPrivateNetworks: false,
  allowedHosts: [] as string[],
  previousEncryptionKeys: [] as string[],
  maxPayloadBytes: 1024 * 1024,
  secretRotationOverlapHours: 24,
  maxRequestBodyBytes: 1024 * 1024,
  responseBodyLimitBytes: 64 * 1024,
  maxStoredResponseBytesPerEntry: 256 * 1024,
  concurrency: 200,
  perEndpointConcurrency: 20,
  recoveryIntervalMs: 15_000,
  recoveryGraceMs: 10_000,
  processDeliveries: true,
  subjectOf: defaultSubjectOf,
  encryptPayloads: true,
  auditRetentionDays: 2190,
  ui: true,
  trustedOrigins: [] as string[],
  metrics: 'auto' as boolean | 'auto',
  maxRetryAfterSeconds: 3600,
  disableAfterFailingHours: 120,
  payloadValidation: 'warn' as PayloadValidation,
  eventCatalog: {} as EventCatalogOverrides,
  callerLimits: {
    windowSeconds: 600,
    user: { requests: 20, entries: 10_000 },
    admin: { requests: 100, entries: 50_000 },
  },
};

/** `callerLimits` merged over its defaults, each number checked. */
function resolveCallerLimits(given: CallerLimitsOptions | undefined): ResolvedWebhooksOptions['callerLimits'] {
  if (given !== undefined && (given === null || typeof given !== 'object')) {
    throw new WebhooksConfigError('callerLimits', CONFIG_REASONS.callerLimits);
  }
  const d = DEFAULT_OPTIONS.callerLimits;
  const budget = (role: 'user' | 'admin') => {
    const b = given?.[role];
    if (b !== undefined && (b === null || typeof b !== 'object'))
      throw new WebhooksConfigError(`callerLimits.${role}`, CONFIG_REASONS.callerBudget);
    return {
      requests: positiveInt(`callerLimits.${role}.requests`, b?.requests ?? d[role].requests),
      entries: positiveInt(`callerLimits.${role}.entries`, b?.entries ?? d[role].entries),
    };
  };
  return {
    windowSeconds: positiveInt('callerLimits.windowSeconds', given?.windowSeconds ?? d.windowSeconds),
    user: budget('user'),
    admin: budget('admin'),
  };
}

function positiveInt(option: string, value: number, allowZero = false): number {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new WebhooksConfigError(option, CONFIG_REASONS.positiveInt(allowZero));
  }
  return value;
}

function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/** The shape of `eventCatalog`; the schemas themselves are compiled by EventCatalogService at start. */
function checkEventCatalog(catalog: unknown): void {
  if (!catalog || typeof catalog !== 'object' || Array.isArray(catalog)) {
    throw new WebhooksConfigError('eventCatalog', CONFIG_REASONS.eventCatalog);
  }
  for (const [name, given] of Object.entries(catalog)) {
    if (!isWebhookEventType(name)) throw new WebhooksConfigError(`eventCatalog.${name}`, CONFIG_REASONS.notAnEvent);
    if (typeof given === 'function') continue;
    const d = given as Record<string, unknown> | null;
    if (
      !d ||
      typeof d.schema !== 'object' ||
      typeof d.example !== 'object' ||
      typeof d.description !== 'string' ||
      !['string', 'number'].includes(typeof d.schemaVersion)
    ) {
      throw new WebhooksConfigError(`eventCatalog.${name}`, CONFIG_REASONS.eventOverride);
    }
  }
}

/** Merges defaults once and checks every option; every other class reads the result. */
export function resolveWebhooksOptions(options: WebhooksModuleOptions): ResolvedWebhooksOptions {
  if (!options || typeof options !== 'object') {
    throw new WebhooksConfigError('options', CONFIG_REASONS.notObject);
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const merged = { ...DEFAULT_OPTIONS, ...defined } as ResolvedWebhooksOptions;
  // Checked here, decoded only where keys are used (SecretBox, SubjectHasher).
  encryptionKeys(merged);
  positiveInt('deliveryTimeoutMs', merged.deliveryTimeoutMs);
  if (!Array.isArray(merged.retryDelaysSeconds)) {
    throw new WebhooksConfigError('retryDelaysSeconds', CONFIG_REASONS.retryDelays);
  }
  merged.retryDelaysSeconds.forEach((d, i) => {
    if (typeof d !== 'number' || !(d >= 0)) {
      throw new WebhooksConfigError(`retryDelaysSeconds[${i}]`, CONFIG_REASONS.retryDelay);
    }
  });
  positiveInt('retentionDays', merged.retentionDays);
  positiveInt('purgeIntervalMs', merged.purgeIntervalMs);
  positiveInt('purgeBatchSize', merged.purgeBatchSize);
  positiveInt('maxPayloadBytes', merged.maxPayloadBytes);
  positiveInt('maxRequestBodyBytes', merged.maxRequestBodyBytes);
  if (typeof merged.secretRotationOverlapHours !== 'number' || !(merged.secretRotationOverlapHours >= 0)) {
    throw new WebhooksConfigError('secretRotationOverlapHours', CONFIG_REASONS.hours);
  }
  if (!Array.isArray(merged.allowedHosts) || merged.allowedHosts.some((h) => typeof h !== 'string' || !h)) {
    throw new WebhooksConfigError('allowedHosts', CONFIG_REASONS.allowedHosts);
  }
  if (merged.lookup !== undefined && typeof merged.lookup !== 'function') {
    throw new WebhooksConfigError('lookup', CONFIG_REASONS.lookup);
  }
  positiveInt('responseBodyLimitBytes', merged.responseBodyLimitBytes);
  positiveInt('maxStoredResponseBytesPerEntry', merged.maxStoredResponseBytesPerEntry);
  positiveInt('concurrency', merged.concurrency);
  positiveInt('perEndpointConcurrency', merged.perEndpointConcurrency);
  positiveInt('recoveryIntervalMs', merged.recoveryIntervalMs);
  positiveInt('recoveryGraceMs', merged.recoveryGraceMs, true);
  positiveInt('maxRetryAfterSeconds', merged.maxRetryAfterSeconds);
  if (typeof merged.disableAfterFailingHours !== 'number' || !(merged.disableAfterFailingHours >= 0)) {
    throw new WebhooksConfigError('disableAfterFailingHours', CONFIG_REASONS.disableAfterFailingHours);
  }
  if (typeof merged.subjectOf !== 'function') {
    throw new WebhooksConfigError('subjectOf', CONFIG_REASONS.subjectOf);
  }
  if (typeof merged.encryptPayloads !== 'boolean') {
    throw new WebhooksConfigError('encryptPayloads', CONFIG_REASONS.boolean);
  }
  positiveInt('auditRetentionDays', merged.auditRetentionDays);
  if (!Array.isArray(merged.trustedOrigins) || merged.trustedOrigins.some((o) => !isOrigin(o))) {
    throw new WebhooksConfigError('trustedOrigins', CONFIG_REASONS.trustedOrigins);
  }
  if (merged.metrics !== 'auto' && typeof merged.metrics !== 'boolean') {
    throw new WebhooksConfigError('metrics', CONFIG_REASONS.metrics);
  }
  if (merged.metricsRegistry !== undefined && typeof merged.metricsRegistry?.getSingleMetric !== 'function') {
    throw new WebhooksConfigError('metricsRegistry', CONFIG_REASONS.metricsRegistry);
  }
  if (!['off', 'warn', 'reject'].includes(merged.payloadValidation)) {
    throw new WebhooksConfigError('payloadValidation', CONFIG_REASONS.payloadValidation);
  }
  checkEventCatalog(merged.eventCatalog);
  if (typeof merged.principalResolver !== 'function') {
    throw new WebhooksConfigError('principalResolver', CONFIG_REASONS.notFunction);
  }
  merged.callerLimits = resolveCallerLimits(options.callerLimits);
  const problem = (option: string, reason: string): never => {
    throw new WebhooksConfigError(option, reason);
  };
  merged.hl7v2 = resolveHl7v2Options(options.hl7v2, problem);
  merged.fhir = resolveFhirOptions(options.fhir, problem);
  return merged;
}

export const resolvedOptionsProvider: Provider = {
  provide: WEBHOOKS_OPTIONS,
  useFactory: resolveWebhooksOptions,
  inject: [WEBHOOKS_MODULE_OPTIONS],
};
