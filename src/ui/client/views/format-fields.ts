import { h, uid } from '../dom';
import { Subscription } from '../types';

/** The body formats the form offers, with what each sends. */
export const FORMAT_CHOICES: [value: string, label: string][] = [
  ['json', 'JSON: the event payload as published'],
  ['hl7v2', 'HL7 v2.5.1: an ORU^R01 message per report, answered by an ACK'],
  ['fhir-r4', 'FHIR R4: a Subscriptions notification bundle per event, numbered'],
];

export const formatLabel = (format: string | undefined): string =>
  FORMAT_CHOICES.find(([value]) => value === (format ?? 'json'))?.[1] ?? String(format);

/** `format`, and the HL7 v2 receiver (MSH-5, MSH-6), shown only while HL7 v2 is chosen. */
export function formatFields(s: Subscription | null): HTMLElement[] {
  const current = s?.format ?? 'json';
  const id = uid('format');
  const choices = FORMAT_CHOICES.some(([v]) => v === current)
    ? FORMAT_CHOICES
    : [...FORMAT_CHOICES, [current, current]];
  const hl7 = hl7Fieldset(s);
  const fhir = fhirFieldset(s);
  const show = (format: string) => {
    hl7.hidden = format !== 'hl7v2';
    fhir.hidden = format !== 'fhir-r4';
  };
  show(current);
  const select = h(
    'select',
    {
      id,
      name: 'format',
      'aria-describedby': `${id}-hint`,
      onchange: (e: Event) => show((e.target as HTMLSelectElement).value),
    },
    choices.map(([value, label]) => h('option', { value, selected: value === current }, label)),
  );
  const field = h(
    'div',
    { class: 'field', 'data-field': 'format' },
    h('label', { for: id }, 'Body format'),
    h(
      'p',
      { class: 'hint', id: `${id}-hint` },
      'HL7 v2 is for interface engines (Mirth/NextGen Connect, Rhapsody): report events only, unless the lab added renderers. ' +
        'FHIR R4 is for EMRs that take FHIR Subscriptions notifications.',
    ),
    select,
  );
  return [field, hl7, fhir];
}

/** What a FHIR notification carries, and its heartbeat. */
function fhirFieldset(s: Subscription | null): HTMLFieldSetElement {
  const contentId = uid('payload-content');
  const heartbeatId = uid('heartbeat');
  const current = s?.fhir?.payloadContent ?? 'id-only';
  const contents: [string, string][] = [
    ['id-only', 'Id only: a reference to the report, requisition or sample'],
    ['empty', 'Empty: event numbers only'],
    ['full-resource', 'Full resource: the FHIR resource itself (if the lab supplies it)'],
  ];
  return h(
    'fieldset',
    { class: 'field', 'data-field': 'fhir' },
    h('legend', null, 'FHIR notifications'),
    h(
      'div',
      { class: 'field' },
      h('label', { for: contentId }, 'Payload content'),
      h(
        'select',
        { id: contentId, name: 'fhir.payloadContent' },
        contents.map(([value, label]) => h('option', { value, selected: value === current }, label)),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: heartbeatId }, 'Heartbeat (seconds)'),
      h(
        'p',
        { class: 'hint', id: `${heartbeatId}-hint` },
        'A heartbeat after this long without a notification; empty: none.',
      ),
      h('input', {
        id: heartbeatId,
        name: 'fhir.heartbeatPeriodSeconds',
        type: 'number',
        value: s?.fhir?.heartbeatPeriodSeconds ?? '',
        'aria-describedby': `${heartbeatId}-hint`,
      }),
    ),
  );
}

function hl7Fieldset(s: Subscription | null): HTMLFieldSetElement {
  const input = (name: string, label: string, value: string | null | undefined, hint: string) => {
    const id = uid(name);
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      h('p', { class: 'hint', id: `${id}-hint` }, hint),
      h('input', { id, name, type: 'text', value: value ?? '', autocomplete: 'off', 'aria-describedby': `${id}-hint` }),
    );
  };
  return h(
    'fieldset',
    { class: 'field', 'data-field': 'hl7' },
    h('legend', null, 'HL7 v2 receiver'),
    input('hl7.receivingApplication', 'Receiving application', s?.hl7?.receivingApplication, 'MSH-5, e.g. EMR.'),
    input('hl7.receivingFacility', 'Receiving facility', s?.hl7?.receivingFacility, 'MSH-6, e.g. NORTH_CLINIC.'),
  );
}

/** `format` and, for HL7 v2, `hl7` (an empty box clears its value), for FHIR R4, `fhir`. */
export function formatBody(data: FormData): Record<string, unknown> {
  const str = (n: string) => String(data.get(n) ?? '').trim();
  const format = str('format') || 'json';
  if (format === 'fhir-r4') {
    const heartbeat = str('fhir.heartbeatPeriodSeconds');
    return {
      format,
      fhir: {
        payloadContent: str('fhir.payloadContent') || 'id-only',
        heartbeatPeriodSeconds: heartbeat === '' ? null : Number(heartbeat),
      },
    };
  }
  if (format !== 'hl7v2') return { format };
  return {
    format,
    hl7: {
      receivingApplication: str('hl7.receivingApplication') || null,
      receivingFacility: str('hl7.receivingFacility') || null,
    },
  };
}
