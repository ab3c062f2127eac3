/**
 * Building blocks of the event schemas (JSON Schema draft 2020-12). Field choices follow what
 * receivers map them to: FHIR R4 Patient, DiagnosticReport, Observation, ServiceRequest and
 * Specimen, and the PID, ORC, OBR, OBX and SPM segments of an HL7 v2 ORU^R01.
 */
export type JsonSchema = Record<string, unknown>;

export const text = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  minLength: 1,
  description,
  ...extra,
});

export const instant = (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description });

export const object = (
  description: string,
  properties: Record<string, JsonSchema>,
  required: string[],
): JsonSchema => ({
  type: 'object',
  description,
  properties,
  required,
});

export const patient = object(
  'The patient (FHIR Patient; HL7 PID). Synthetic in every example.',
  {
    mrn: text('Medical record number at the lab (PID-3; FHIR Patient.identifier with type MR).'),
    name: object(
      'Legal name, as FHIR HumanName (PID-5).',
      {
        family: text('Family name (surname).'),
        given: {
          type: 'array',
          items: text('A given name.'),
          minItems: 1,
          description: 'Given names, first name first.',
        },
      },
      ['family', 'given'],
    ),
    birthDate: {
      type: 'string',
      format: 'date',
      description: 'Date of birth, YYYY-MM-DD (PID-7; FHIR Patient.birthDate).',
    },
    sex: {
      type: 'string',
      enum: ['male', 'female', 'other', 'unknown'],
      description: 'Administrative sex as FHIR AdministrativeGender (PID-8: M, F, O, U).',
    },
  },
  ['mrn', 'name', 'birthDate', 'sex'],
);

export const orderingFacility = object(
  'The client clinic that ordered the tests: filter on orderingFacility.id to route each clinic its own events.',
  {
    id: text("The lab's id of the client facility (ORC-21 / FHIR Organization.identifier)."),
    name: text('Facility name.'),
  },
  ['id', 'name'],
);

export const orderingProvider = object(
  'The ordering clinician (ORC-12 / OBR-16; FHIR ServiceRequest.requester).',
  {
    npi: text('National Provider Identifier, 10 digits.', { pattern: '^[0-9]{10}$' }),
    name: text('Display name, e.g. "Maria Alvarez, MD".'),
  },
  ['npi', 'name'],
);

export const loinc = text('LOINC code (e.g. "2345-7").', { pattern: '^[0-9]{1,7}-[0-9]$' });

export const specimen = object(
  'The specimen the results come from (SPM; FHIR Specimen).',
  {
    id: text('Specimen (container) id.'),
    type: text('Specimen type, e.g. "Serum", "Whole blood", "Urine" (SPM-4; FHIR Specimen.type).'),
    collectedAt: instant('When the specimen was collected (SPM-17; FHIR Specimen.collection.collectedDateTime).'),
  },
  ['id', 'type', 'collectedAt'],
);

export const result = object(
  'One result (HL7 OBX; FHIR Observation).',
  {
    code: loinc,
    display: text('Test name as the lab reports it.'),
    value: {
      type: ['number', 'string'],
      description: 'The value: a number for quantitative results (OBX-2 NM), text otherwise (ST).',
    },
    unit: { type: 'string', description: 'UCUM unit, e.g. "mg/dL" (OBX-6); empty for text results.' },
    referenceRange: { type: 'string', description: 'Reference range as printed, e.g. "70-99" (OBX-7).' },
    abnormalFlag: {
      type: 'string',
      enum: ['N', 'L', 'H', 'LL', 'HH', 'A', 'AA'],
      description:
        'Interpretation (HL7 table 0078, OBX-8; FHIR Observation.interpretation): N normal, L/H low/high, LL/HH critical, A/AA abnormal.',
    },
  },
  ['code', 'display', 'value', 'abnormalFlag'],
);

export const orderedTest = object(
  'One ordered test (OBR-4; FHIR ServiceRequest.code).',
  { code: loinc, display: text('Test name as ordered.') },
  ['code', 'display'],
);

export const common = {
  accessionNumber: text("The lab's accession number of the requisition."),
  projectTemplateId: text('Project template the order belongs to (subscriptions may be limited to one).'),
};

/** The `eventType` property every payload carries: the event name itself. */
export const eventTypeProperty = (eventType: string): JsonSchema => ({
  const: eventType,
  description: 'The event name (added by the module when absent).',
});
