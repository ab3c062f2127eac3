import {
  common,
  eventTypeProperty,
  instant,
  JsonSchema,
  orderingFacility,
  orderingProvider,
  patient,
  result,
  specimen,
  text,
} from './schema-parts';

/** What distinguishes the four report events: the report's status, and whether it is signed yet. */
interface ReportKind {
  eventType: string;
  title: string;
  status: string;
  statusDescription: string;
  signed: boolean;
}

/** A report event's payload: one report of one requisition, its results and its specimen (FHIR DiagnosticReport; HL7 ORU^R01). */
export function reportSchema(kind: ReportKind): JsonSchema {
  const signed = kind.signed
    ? { signedAt: instant('When the report was signed (OBR-22; FHIR DiagnosticReport.issued).') }
    : {};
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:lab-webhooks:event:${kind.eventType}:1`,
    title: kind.title,
    type: 'object',
    properties: {
      eventType: eventTypeProperty(kind.eventType),
      reportId: text('The report id (FHIR DiagnosticReport.identifier; OBR-3 filler order number).'),
      requisitionId: text('The requisition the report answers (OBR-2 placer order number).'),
      accessionNumber: common.accessionNumber,
      projectTemplateId: common.projectTemplateId,
      status: { const: kind.status, description: kind.statusDescription },
      patient,
      orderingFacility,
      orderingProvider,
      specimen,
      results: {
        type: 'array',
        items: result,
        minItems: 1,
        description: 'The results the report carries (OBX segments; FHIR Observations).',
      },
      ...signed,
    },
    required: [
      'eventType',
      'reportId',
      'requisitionId',
      'status',
      'patient',
      'orderingFacility',
      'orderingProvider',
      'specimen',
      'results',
      ...Object.keys(signed),
    ],
  };
}

export const REPORT_KINDS: ReportKind[] = [
  {
    eventType: 'report_signed',
    title: 'Report signed',
    status: 'final',
    statusDescription: 'Always "final" (OBR-25 F; FHIR DiagnosticReport.status final).',
    signed: true,
  },
  {
    eventType: 'report_corrected',
    title: 'Report corrected',
    status: 'corrected',
    statusDescription:
      'Always "corrected" (OBR-25 C; FHIR DiagnosticReport.status corrected): replaces the report of the same reportId.',
    signed: true,
  },
  {
    eventType: 'report_ready_for_generation',
    title: 'Report ready for generation',
    status: 'sent-for-generation',
    statusDescription:
      'Always "sent-for-generation": the results are final, the report document is being generated (not yet signed).',
    signed: false,
  },
  {
    eventType: 'report_correction_ready_for_generation',
    title: 'Correction ready for generation',
    status: 'sent-for-generation',
    statusDescription:
      'Always "sent-for-generation": a correction of the report of the same reportId is being generated (not yet signed).',
    signed: false,
  },
];
