import { common, eventTypeProperty, instant, JsonSchema, orderingFacility, patient, text } from './schema-parts';

/** The `sample_rejected` payload: which sample, of which requisition, and why (HL7 SPM-21; FHIR Specimen.condition). */
export const sampleRejectedSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:lab-webhooks:event:sample_rejected:1',
  title: 'Sample rejected',
  type: 'object',
  properties: {
    eventType: eventTypeProperty('sample_rejected'),
    sampleId: text('The rejected sample (specimen container) id.'),
    requisitionId: text('The requisition the sample belongs to.'),
    accessionNumber: common.accessionNumber,
    projectTemplateId: common.projectTemplateId,
    specimenType: text('Specimen type, e.g. "Serum".'),
    reason: text('Why the sample was rejected, as lab staff recorded it (e.g. "Hemolyzed").'),
    reasonCode: {
      type: 'string',
      enum: [
        'hemolyzed',
        'clotted',
        'insufficient-quantity',
        'mislabeled',
        'unlabeled',
        'wrong-container',
        'expired',
        'temperature',
        'other',
      ],
      description: 'Reason as a code (after HL7 table 0490 specimen reject reasons).',
    },
    rejectedAt: instant('When the rejection was confirmed.'),
    patient,
    orderingFacility,
  },
  required: ['eventType', 'sampleId', 'requisitionId', 'reason', 'rejectedAt', 'patient', 'orderingFacility'],
};
