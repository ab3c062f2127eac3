/**
 * A value of an HL7 v2 field as a renderer gives it, before escaping. A string or number is
 * the field's value; an array is its components, and an array inside that a component's
 * subcomponents. `null` and `undefined` are empty.
 *
 * @publicApi
 */
export type Hl7v2Value = string | number | null | undefined;

/** @publicApi */
export type Hl7v2Field = Hl7v2Value | (Hl7v2Value | Hl7v2Value[])[];

/**
 * One segment: its id (`PID`, `OBX`, ...) then its fields from field 1 on. The module escapes
 * every value (`| ^ ~ \ &`, line breaks and control characters) as it writes the message.
 *
 * @publicApi
 */
export type Hl7v2Segment = [id: string, ...fields: Hl7v2Field[]];

/**
 * What a renderer returns: the message type (MSH-9, e.g. `['ORU', 'R01', 'ORU_R01']`) and the
 * segments after MSH. The module writes MSH itself (applications, facilities, time, control id,
 * version 2.5.1, UTF-8).
 *
 * @publicApi
 */
export interface Hl7v2Message {
  messageType: [code: string, trigger: string, structure?: string];
  segments: Hl7v2Segment[];
}

/**
 * What a renderer is given for one entry.
 *
 * @publicApi
 */
export interface Hl7v2RenderInput {
  eventType: string;
  /** The payload as published (`eventType` included). */
  payload: Record<string, any>;
  /** MSH-10: the same over every retry and resend of the entry. */
  controlId: string;
  /** When the event was published (MSH-7). */
  publishedAt: Date;
  sendingApplication: string;
  sendingFacility: string;
}

/**
 * Renders one event type as an HL7 v2 message. Throw `FormatRenderError` (with a message that
 * quotes no payload value) when the payload cannot be rendered: the attempt fails, no retry.
 *
 * @publicApi
 */
export type Hl7v2Renderer = (input: Hl7v2RenderInput) => Hl7v2Message;

/** Values by 1-based position as an array (positions not given are empty). */
function byPosition<T>(values: Record<number, T>): (T | undefined)[] {
  const out: (T | undefined)[] = [];
  for (const [position, value] of Object.entries(values)) out[Number(position) - 1] = value;
  return Array.from(out);
}

/**
 * A segment from its fields by number, the way the standard lists them:
 * `hl7Segment('PID', { 1: 1, 3: hl7Components({ 1: mrn, 5: 'MR' }) })`.
 *
 * @publicApi
 */
export function hl7Segment(id: string, fields: Record<number, Hl7v2Field>): Hl7v2Segment {
  return [id, ...byPosition(fields)];
}

/**
 * A field's components by number (a component given as an array is its subcomponents).
 *
 * @publicApi
 */
export function hl7Components(components: Record<number, Hl7v2Value | Hl7v2Value[]>): Hl7v2Field {
  return byPosition(components);
}
