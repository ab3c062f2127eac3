import { CONFIG_REASONS } from '../../webhooks.messages';

/**
 * A FHIR resource named by type and id (`DiagnosticReport`, `R-2026-000451`).
 *
 * @publicApi
 */
export interface FhirFocus {
  resourceType: string;
  id: string;
}

/**
 * What the host's `focusOf` and `resourceOf` are given: one published event.
 *
 * @publicApi
 */
export interface FhirEventInput {
  eventType: string;
  /** The payload as published (`eventType` included). */
  payload: Record<string, any>;
}

/**
 * Options of the `fhir-r4` format (`WebhooksModuleOptions.fhir`).
 *
 * @publicApi
 */
export interface FhirOptions {
  /**
   * Base URL of the lab's FHIR API (`https://lis.example.org/fhir`): focus references, the
   * subscription reference and topic URLs become absolute URLs under it. @default null (relative references)
   */
  baseUrl?: string | null;
  /**
   * The focus resource of an event, replacing the module's mapping (reports → `DiagnosticReport/<reportId>`,
   * requisitions → `ServiceRequest/<requisitionId>`, `sample_rejected` → `Specimen/<sampleId>`);
   * null: the notification names no focus. @default the module's mapping
   */
  focusOf?: (input: FhirEventInput) => FhirFocus | null;
  /**
   * The focus as a FHIR R4 resource, for `full-resource` subscriptions (which cannot be chosen
   * without it). It must carry the focus's `resourceType` and `id`. @default none
   */
  resourceOf?: (
    input: FhirEventInput & { focus: FhirFocus },
  ) => Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** @publicApi */
export interface ResolvedFhirOptions {
  baseUrl: string | null;
  focusOf: (input: FhirEventInput) => FhirFocus | null;
  resourceOf: FhirOptions['resourceOf'] | null;
}

const FOCUS_TYPES: Record<string, [resourceType: string, idField: string]> = {
  report_signed: ['DiagnosticReport', 'reportId'],
  report_corrected: ['DiagnosticReport', 'reportId'],
  report_ready_for_generation: ['DiagnosticReport', 'reportId'],
  report_correction_ready_for_generation: ['DiagnosticReport', 'reportId'],
  requisition_signed_accession: ['ServiceRequest', 'requisitionId'],
  requisition_canceled: ['ServiceRequest', 'requisitionId'],
  sample_rejected: ['Specimen', 'sampleId'],
};

/** The module's focus of each event: the lab object it is about, as a FHIR resource. */
export function defaultFocusOf({ eventType, payload }: FhirEventInput): FhirFocus | null {
  const mapping = FOCUS_TYPES[eventType];
  const id = mapping && payload[mapping[1]];
  return typeof id === 'string' && id !== '' ? { resourceType: mapping[0], id } : null;
}

/** Defaults merged and each option checked; `problem(option, reason)` throws the module's config error. */
export function resolveFhirOptions(
  given: FhirOptions | undefined,
  problem: (option: string, reason: string) => never,
): ResolvedFhirOptions {
  if (given !== undefined && (given === null || typeof given !== 'object')) problem('fhir', CONFIG_REASONS.notObject);
  const { baseUrl = null, focusOf, resourceOf } = given ?? {};
  if (baseUrl !== null) {
    let url: URL | null = null;
    try {
      url = new URL(baseUrl);
    } catch {
      url = null;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
      problem('fhir.baseUrl', CONFIG_REASONS.fhirBaseUrl);
    }
  }
  if (focusOf !== undefined && typeof focusOf !== 'function') problem('fhir.focusOf', CONFIG_REASONS.fhirFocusOf);
  if (resourceOf !== undefined && typeof resourceOf !== 'function') {
    problem('fhir.resourceOf', CONFIG_REASONS.fhirResourceOf);
  }
  return {
    baseUrl: baseUrl === null ? null : baseUrl.replace(/\/+$/, ''),
    focusOf: focusOf ?? defaultFocusOf,
    resourceOf: resourceOf ?? null,
  };
}
