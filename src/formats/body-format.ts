import type { SubscriptionFormat, WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import type { FieldProblem } from '../webhooks.errors';

/** One attempt of one entry, as a format sees it when it renders the body. */
export interface FormatEntry {
  /** The payload as published (JSON text, `eventType` included): the `json` body, byte for byte. */
  payloadJson: string;
  eventType: string;
  /** The entry's id: the same over its retries and resends. */
  entryId: string;
  /** When the entry was published: the same over its retries and resends. */
  createdAt: Date;
  /** The event's number on its subscription (`fhir-r4`); null for the other formats. */
  eventNumber: string | null;
  /** 1-based attempt number over the entry's life. */
  attempt: number;
  subscription: WebhookSubscriptionEntity;
}

/** The body of a POST and its media type; the body is what gets signed, byte for byte. */
export interface RenderedBody {
  contentType: string;
  body: string;
}

/** A 2xx answer as the receiver gave it (body capped and redacted). */
export interface ReceivedAnswer {
  status: number;
  headers: Record<string, string> | null;
  body: string | null;
}

/**
 * What a 2xx answer means for the attempt: succeeded, or failed with a reason (`final`: no
 * retry, as for a 410; otherwise the retry schedule applies).
 */
export type AnswerVerdict =
  | { ok: true }
  | {
      ok: false;
      final: boolean;
      /** Stored on the attempt and shown in the log and on the page. */
      error: string;
      /** What a log line may say instead: the error without the receiver's words, which may quote PHI. */
      logged: string;
    };

/**
 * A body format: how an entry becomes the body of a POST, and how a 2xx answer is read.
 * Signing, retries, the log, resend and ordering are the same for every format.
 */
export interface BodyFormat {
  readonly name: SubscriptionFormat;
  /** The event types among `events` this format cannot render: a subscription may not choose them. */
  unrenderable(events: readonly string[]): string[];
  /** Why the subscription's settings of this format cannot be chosen; null when they can. */
  settingsProblem?(subscription: Pick<WebhookSubscriptionEntity, 'fhir'>): FieldProblem | null;
  /** Throws `FormatRenderError` when the entry cannot be rendered (the attempt fails, no retry). */
  render(entry: FormatEntry): RenderedBody | Promise<RenderedBody>;
  interpret(answer: ReceivedAnswer): AnswerVerdict;
}

/**
 * An entry that cannot be rendered in its subscription's format: no retry mends it. The
 * message is stored as the attempt's error and must not quote the payload (PHI).
 *
 * @publicApi
 */
export class FormatRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatRenderError';
  }
}
