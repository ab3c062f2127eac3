import { Injectable } from '@nestjs/common';
import type { SubscriptionFormat, WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import type { FieldProblem } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { AnswerVerdict, BodyFormat, FormatEntry, FormatRenderError, ReceivedAnswer, RenderedBody } from './body-format';
import { FhirFormat } from './fhir/fhir.format';
import { Hl7v2Format } from './hl7v2/hl7v2.format';
import { JsonFormat } from './json.format';

/**
 * The body formats a subscription may choose, by name. A format is a provider implementing
 * `BodyFormat`, injected here; a name with no provider yet is refused when a subscription is written.
 */
@Injectable()
export class BodyFormatsService {
  private readonly byName: ReadonlyMap<SubscriptionFormat, BodyFormat>;

  constructor(json: JsonFormat, hl7v2: Hl7v2Format, fhir: FhirFormat) {
    this.byName = new Map<SubscriptionFormat, BodyFormat>([json, hl7v2, fhir].map((f) => [f.name, f]));
  }

  /** Why a subscription may not combine this format, these events and these settings; null when it may. */
  problem(
    format: SubscriptionFormat,
    events: readonly string[],
    settings: Pick<WebhookSubscriptionEntity, 'fhir'> = { fhir: null },
  ): FieldProblem | null {
    const f = this.byName.get(format);
    if (!f) return { field: 'format', message: `format ${format} is not available in this version of the module` };
    const missing = f.unrenderable(events);
    if (!missing.length) return f.settingsProblem?.(settings) ?? null;
    return {
      field: 'events',
      message: `events: format ${format} has no renderer for ${missing.join(', ')}; choose other events or register a renderer`,
    };
  }

  /** The body of this attempt in the subscription's format. */
  async render(entry: FormatEntry): Promise<RenderedBody> {
    return this.of(entry.subscription.format).render(entry);
  }

  /** What a 2xx answer means in that format. */
  interpret(format: SubscriptionFormat, answer: ReceivedAnswer): AnswerVerdict {
    return this.of(format).interpret(answer);
  }

  private of(format: SubscriptionFormat): BodyFormat {
    const f = this.byName.get(format);
    // A row written by a newer version, or a format its host stopped providing.
    if (!f) throw new FormatRenderError(MESSAGES.formatUnavailable(format));
    return f;
  }
}
