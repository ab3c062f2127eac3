/**
 * A payload path a schema declares, as filters name it (array elements flattened: `results.code`).
 *
 * @publicApi
 */
export interface SchemaField {
  path: string;
  /** JSON types the value may have; an array of scalars lists `array` and its items' types. */
  types: string[];
  /** `date` or `date-time` for timestamps (compared as instants by filters). */
  format?: string;
  description?: string;
}

type Schema = Record<string, any>;

function typesOf(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === 'string') return [schema.type];
  const fixed = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [];
  return [...new Set(fixed.map((v: unknown) => (v === null ? 'null' : typeof v)))] as string[];
}

/** The subschemas a value must (allOf) or may (anyOf, oneOf) also follow: their paths count too. */
function alternatives(schema: Schema): Schema[] {
  return ['allOf', 'anyOf', 'oneOf'].flatMap((k) => (Array.isArray(schema[k]) ? schema[k] : []));
}

function collect(schema: Schema, prefix: string, into: Map<string, SchemaField>): void {
  if (!schema || typeof schema !== 'object') return;
  for (const sub of alternatives(schema)) collect(sub, prefix, into);
  if (schema.items && typeof schema.items === 'object') collect(schema.items, prefix, into);
  for (const [key, child] of Object.entries<Schema>(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const types = typesOf(child);
    if (types.includes('array') && child.items) types.push(...typesOf(child.items).filter((t) => t !== 'object'));
    const known = into.get(path);
    into.set(path, {
      path,
      types: [...new Set([...(known?.types ?? []), ...types])],
      format: known?.format ?? child.format ?? child.items?.format,
      description: known?.description ?? child.description,
    });
    collect(child, path, into);
  }
}

/** Every path of a payload schema, in declaration order. */
export function schemaFields(schema: Record<string, unknown>): SchemaField[] {
  const into = new Map<string, SchemaField>();
  collect(schema, '', into);
  return [...into.values()];
}
