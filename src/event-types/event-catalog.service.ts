import { Inject, Injectable } from '@nestjs/common';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { CONFIG_REASONS, WebhooksConfigError } from '../webhooks.messages';
import { EventTypeDefinition, WEBHOOK_EVENT_CATALOG } from './event-catalog';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from './event-types';
import { SchemaField, schemaFields } from './schema-fields';

/**
 * Where a payload breaks its schema and which rule: never the value (payloads hold PHI).
 *
 * @publicApi
 */
export interface SchemaViolation {
  /** Dotted path with array indexes, e.g. `results[1].code`; `(payload)` for the whole body. */
  path: string;
  /** The JSON Schema keyword and what it asks, e.g. `format: must match format "date"`. */
  rule: string;
}

interface CompiledEventType extends EventTypeDefinition {
  name: WebhookEventType;
  validate: ValidateFunction;
  fields: SchemaField[];
}

/** `/results/1/code` and a missing `unit` become `results[1].code`, `results[1].unit`. */
function violationOf(error: ErrorObject): SchemaViolation {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof extra === 'string') segments.push(extra);
  const path = segments.reduce((p, s) => (/^\d+$/.test(s) ? `${p}[${s}]` : p ? `${p}.${s}` : s), '');
  return { path: path || '(payload)', rule: `${error.keyword}: ${error.message ?? 'failed'}` };
}

/**
 * The event catalog in force: the module's schemas, or the host's (option `eventCatalog`),
 * each compiled once at start; a schema that does not compile, or an example that breaks its
 * own schema, stops the start with an error naming the option.
 *
 * @publicApi
 */
@Injectable()
export class EventCatalogService {
  private readonly types = new Map<WebhookEventType, CompiledEventType>();

  constructor(@Inject(WEBHOOKS_OPTIONS) options: ResolvedWebhooksOptions) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    addFormats(ajv);
    for (const name of WEBHOOK_EVENT_TYPES) {
      const given = options.eventCatalog[name];
      const base = WEBHOOK_EVENT_CATALOG[name];
      const definition = typeof given === 'function' ? given(base) : (given ?? base);
      const option = `eventCatalog.${name}`;
      // Without its $id: a host's schema copied from ours would otherwise clash with it in one Ajv.
      const { $id: _id, ...schema } = definition.schema;
      let validate: ValidateFunction;
      try {
        validate = ajv.compile(schema);
      } catch (err) {
        throw new WebhooksConfigError(option, CONFIG_REASONS.schemaNotCompiling(err?.message ?? err));
      }
      if (!validate(definition.example)) {
        const v = violationOf(validate.errors![0]);
        throw new WebhooksConfigError(option, CONFIG_REASONS.exampleOffSchema(v.path, v.rule));
      }
      this.types.set(name, { ...definition, name, validate, fields: schemaFields(definition.schema) });
    }
  }

  /** Every event type, in the order of the seven names. */
  list(): (EventTypeDefinition & { name: WebhookEventType; fields: SchemaField[] })[] {
    return [...this.types.values()].map(({ validate: _, ...rest }) => rest);
  }

  get(name: WebhookEventType): EventTypeDefinition {
    return this.types.get(name)!;
  }

  /** The value of the `webhook-schema` header: `report_signed/1`. */
  schemaHeader(name: string): string | undefined {
    const type = this.types.get(name as WebhookEventType);
    return type && `${type.name}/${type.schemaVersion}`;
  }

  /** The paths a payload of this type may carry (what a filter may name). */
  fields(name: WebhookEventType): SchemaField[] {
    return this.types.get(name)!.fields;
  }

  /** The first place where `body` (the payload with its eventType) breaks the type's schema, or null. */
  violation(name: WebhookEventType, body: unknown): SchemaViolation | null {
    const { validate } = this.types.get(name)!;
    return validate(body) ? null : violationOf(validate.errors![0]);
  }
}
