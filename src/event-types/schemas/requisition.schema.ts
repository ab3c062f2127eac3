import {
  common,
  eventTypeProperty,
  instant,
  JsonSchema,
  orderedTest,
  orderingFacility,
  orderingProvider,
  patient,
  specimen,
  text,
} from './schema-parts';

/** A requisition event's payload: the order as accessioned or canceled (FHIR ServiceRequest; HL7 ORC/OBR). */
export function requisitionSchema(eventType: 'requisition_signed_accession' | 'requisition_canceled'): JsonSchema {
  const canceled = eventType === 'requisition_canceled';
  const when = canceled
    ? {
        canceledAt: instant('When the requisition was canceled.'),
        cancelReason: text('Why it was canceled, as lab staff recorded it.'),
      }
    : { accessionedAt: instant('When the requisition form was verified and the accession signed.') };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:lab-webhooks:event:${eventType}:1`,
    title: canceled ? 'Requisition canceled' : 'Requisition accession signed',
    type: 'object',
    properties: {
      eventType: eventTypeProperty(eventType),
      requisitionId: text('The requisition id (FHIR ServiceRequest.requisition; ORC-2 placer order number).'),
      accessionNumber: common.accessionNumber,
      projectTemplateId: common.projectTemplateId,
      status: canceled
        ? { const: 'canceled', description: 'Always "canceled" (ORC-5 CA; FHIR ServiceRequest.status revoked).' }
        : {
            const: 'accessioned',
            description:
              'Always "accessioned": the order is accepted and in the lab (ORC-5 IP; FHIR ServiceRequest.status active).',
          },
      patient,
      orderingFacility,
      orderingProvider,
      tests: { type: 'array', items: orderedTest, minItems: 1, description: 'The tests ordered.' },
      specimens: { type: 'array', items: specimen, description: 'Specimens received for the requisition so far.' },
      ...when,
    },
    required: ['eventType', 'requisitionId', 'status', 'patient', 'orderingFacility', 'tests', ...Object.keys(when)],
  };
}
