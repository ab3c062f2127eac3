import { h, uid } from '../dom';
import { Subscription } from '../types';

/** The body formats the form offers, with what each sends. */
export const FORMAT_CHOICES: [value: string, label: string][] = [
  ['json', 'JSON: the event payload as published'],
  ['hl7v2', 'HL7 v2.5.1: an ORU^R01 message per report, answered by an ACK'],
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
  hl7.hidden = current !== 'hl7v2';
  const select = h(
    'select',
    {
      id,
      name: 'format',
      'aria-describedby': `${id}-hint`,
      onchange: (e: Event) => (hl7.hidden = (e.target as HTMLSelectElement).value !== 'hl7v2'),
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
      'HL7 v2 is for interface engines (Mirth/NextGen Connect, Rhapsody): report events only, unless the lab added renderers.',
    ),
    select,
  );
  return [field, hl7];
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

/** `format` and, for HL7 v2, `hl7` (an empty box clears its value). */
export function formatBody(data: FormData): Record<string, unknown> {
  const str = (n: string) => String(data.get(n) ?? '').trim();
  const format = str('format') || 'json';
  if (format !== 'hl7v2') return { format };
  return {
    format,
    hl7: {
      receivingApplication: str('hl7.receivingApplication') || null,
      receivingFacility: str('hl7.receivingFacility') || null,
    },
  };
}
