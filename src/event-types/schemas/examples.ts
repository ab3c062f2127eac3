/**
 * One realistic example payload per event (a synthetic patient: no real person). Every example
 * validates against its schema (test/event-catalog.e2e-spec.ts) and is what "Send example to…"
 * delivers.
 */
const patient = {
  mrn: 'MRN-004521',
  name: { family: 'Doe', given: ['Jane', 'Q'] },
  birthDate: '1984-07-12',
  sex: 'female',
};
const orderingFacility = { id: 'F-100', name: 'Northside Family Clinic' };
const orderingProvider = { npi: '1234567893', name: 'Maria Alvarez, MD' };
const specimen = { id: 'SPM-77812', type: 'Serum', collectedAt: '2026-03-02T08:15:00Z' };
const ids = { requisitionId: 'REQ-2026-000812', accessionNumber: 'ACC-26-004871' };
const results = [
  {
    code: '2345-7',
    display: 'Glucose [Mass/volume] in Serum or Plasma',
    value: 112,
    unit: 'mg/dL',
    referenceRange: '70-99',
    abnormalFlag: 'H',
  },
  {
    code: '2823-3',
    display: 'Potassium [Moles/volume] in Serum or Plasma',
    value: 4.1,
    unit: 'mmol/L',
    referenceRange: '3.5-5.1',
    abnormalFlag: 'N',
  },
  {
    code: '2160-0',
    display: 'Creatinine [Mass/volume] in Serum or Plasma',
    value: 0.9,
    unit: 'mg/dL',
    referenceRange: '0.6-1.1',
    abnormalFlag: 'N',
  },
];
const report = { reportId: 'R-2026-000451', ...ids, patient, orderingFacility, orderingProvider, specimen, results };
const tests = [
  { code: '24323-8', display: 'Comprehensive metabolic 2000 panel - Serum or Plasma' },
  { code: '58410-2', display: 'CBC panel - Blood by Automated count' },
];

export const EXAMPLES = {
  report_signed: { eventType: 'report_signed', ...report, status: 'final', signedAt: '2026-03-02T14:40:00Z' },
  report_corrected: {
    eventType: 'report_corrected',
    ...report,
    status: 'corrected',
    results: [{ ...results[0], value: 121 }, ...results.slice(1)],
    signedAt: '2026-03-03T09:05:00Z',
  },
  report_ready_for_generation: { eventType: 'report_ready_for_generation', ...report, status: 'sent-for-generation' },
  report_correction_ready_for_generation: {
    eventType: 'report_correction_ready_for_generation',
    ...report,
    status: 'sent-for-generation',
    results: [{ ...results[0], value: 121 }, ...results.slice(1)],
  },
  requisition_signed_accession: {
    eventType: 'requisition_signed_accession',
    ...ids,
    status: 'accessioned',
    patient,
    orderingFacility,
    orderingProvider,
    tests,
    specimens: [specimen],
    accessionedAt: '2026-03-02T09:30:00Z',
  },
  requisition_canceled: {
    eventType: 'requisition_canceled',
    ...ids,
    status: 'canceled',
    patient,
    orderingFacility,
    orderingProvider,
    tests,
    canceledAt: '2026-03-02T10:05:00Z',
    cancelReason: 'Duplicate order; the clinic re-sent it as REQ-2026-000813',
  },
  sample_rejected: {
    eventType: 'sample_rejected',
    sampleId: 'SPM-77813',
    ...ids,
    specimenType: 'Whole blood',
    reason: 'Hemolyzed: the sample must be recollected',
    reasonCode: 'hemolyzed',
    rejectedAt: '2026-03-02T11:20:00Z',
    patient,
    orderingFacility,
  },
};
