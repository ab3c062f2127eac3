import { isWebhookEventType } from '../../event-types/event-types';
import { CONFIG_REASONS } from '../../webhooks.messages';
import type { Hl7v2Renderer } from './hl7v2-message';

/**
 * Options of the `hl7v2` format (`WebhooksModuleOptions.hl7v2`).
 *
 * @publicApi
 */
export interface Hl7v2Options {
  /** MSH-3 Sending Application (HD namespace id). @default 'LAB_WEBHOOKS' */
  sendingApplication?: string;
  /** MSH-4 Sending Facility (HD namespace id); also the assigning authority of MRNs and ids. @default '' */
  sendingFacility?: string;
  /** MSH-11 Processing ID: `P` production, `T` training, `D` debugging. @default 'P' */
  processingId?: 'P' | 'T' | 'D';
  /**
   * Renderers by event type: replace the module's `ORU^R01` of a report event, or make another
   * event type available to `hl7v2` subscriptions. @default {}
   */
  renderers?: Partial<Record<string, Hl7v2Renderer>>;
}

/** @publicApi */
export type ResolvedHl7v2Options = Required<Hl7v2Options>;

export const DEFAULT_HL7V2_OPTIONS: ResolvedHl7v2Options = {
  sendingApplication: 'LAB_WEBHOOKS',
  sendingFacility: '',
  processingId: 'P',
  renderers: {},
};

// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const HD_NAMESPACE = /^[^|^~\\&\u0000-\u001f\u007f]{0,180}$/;

/** Defaults merged and each option checked; `problem(option, reason)` throws the module's config error. */
export function resolveHl7v2Options(
  given: Hl7v2Options | undefined,
  problem: (option: string, reason: string) => never,
): ResolvedHl7v2Options {
  if (given !== undefined && (given === null || typeof given !== 'object')) problem('hl7v2', CONFIG_REASONS.notObject);
  const defined = Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined));
  const merged = { ...DEFAULT_HL7V2_OPTIONS, ...defined } as ResolvedHl7v2Options;
  for (const option of ['sendingApplication', 'sendingFacility'] as const) {
    if (typeof merged[option] !== 'string' || !HD_NAMESPACE.test(merged[option])) {
      problem(`hl7v2.${option}`, CONFIG_REASONS.hl7Text);
    }
  }
  if (!['P', 'T', 'D'].includes(merged.processingId)) problem('hl7v2.processingId', CONFIG_REASONS.hl7ProcessingId);
  if (!merged.renderers || typeof merged.renderers !== 'object') problem('hl7v2.renderers', CONFIG_REASONS.notObject);
  for (const [eventType, renderer] of Object.entries(merged.renderers)) {
    if (!isWebhookEventType(eventType)) problem(`hl7v2.renderers.${eventType}`, CONFIG_REASONS.hl7NotAnEvent);
    if (typeof renderer !== 'function') problem(`hl7v2.renderers.${eventType}`, CONFIG_REASONS.hl7Renderer);
  }
  return merged;
}
