import { Inject, Injectable } from '@nestjs/common';
import { ResolvedWebhooksOptions } from '../../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../../webhooks.constants';
import { MESSAGES } from '../../webhooks.messages';
import {
  AnswerVerdict,
  BodyFormat,
  FormatEntry,
  FormatRenderError,
  ReceivedAnswer,
  RenderedBody,
} from '../body-format';
import { SEGMENT_END, writeHeader, writeSegment } from './er7';
import { interpretAck } from './hl7-ack';
import { hl7ControlId } from './hl7-control-id';
import { hl7Timestamp } from './hl7-time';
import type { Hl7v2Message, Hl7v2Renderer } from './hl7v2-message';
import { ResolvedHl7v2Options } from './hl7v2-options';
import { renderOruR01, RESULT_STATUS } from './oru-r01.renderer';

const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

/**
 * HL7 v2 over HTTP: one ER7 message per POST (`application/hl7-v2`), v2.5.1, UTF-8. The
 * event's renderer gives the segments after MSH; this writes MSH and escapes every value. The
 * body depends only on the entry, the subscription and the options, so every attempt of one
 * entry sends the same message (MSH-7 is the publish time, MSH-10 the entry's control id).
 * The receiver's ACK decides the outcome.
 */
@Injectable()
export class Hl7v2Format implements BodyFormat {
  readonly name = 'hl7v2' as const;
  private readonly options: ResolvedHl7v2Options;
  private readonly renderers: ReadonlyMap<string, Hl7v2Renderer>;

  constructor(@Inject(WEBHOOKS_OPTIONS) options: ResolvedWebhooksOptions) {
    this.options = options.hl7v2;
    const builtIn = Object.keys(RESULT_STATUS).map((eventType) => [eventType, renderOruR01] as const);
    this.renderers = new Map([...builtIn, ...Object.entries(this.options.renderers)] as [string, Hl7v2Renderer][]);
  }

  unrenderable(events: readonly string[]): string[] {
    return events.filter((e) => !this.renderers.has(e));
  }

  render(entry: FormatEntry): RenderedBody {
    const renderer = this.renderers.get(entry.eventType);
    if (!renderer) throw new FormatRenderError(MESSAGES.hl7NoRenderer(entry.eventType));
    const controlId = hl7ControlId(entry.entryId);
    const { sendingApplication, sendingFacility, processingId } = this.options;
    const message = this.rendered(renderer, entry, controlId);
    const receiver = entry.subscription.hl7;
    const header = writeHeader([
      sendingApplication,
      sendingFacility,
      receiver?.receivingApplication,
      receiver?.receivingFacility,
      hl7Timestamp(entry.createdAt),
      undefined,
      message.messageType,
      controlId,
      processingId,
      '2.5.1',
      ...Array(5).fill(undefined),
      'UNICODE UTF-8',
    ]);
    const lines = [header, ...message.segments.map(writeSegment)];
    return { contentType: 'application/hl7-v2; charset=utf-8', body: lines.join(SEGMENT_END) + SEGMENT_END };
  }

  interpret(answer: ReceivedAnswer): AnswerVerdict {
    return interpretAck(answer.body);
  }

  /** The renderer's message, its shape checked; its own failure is named without its message (it may quote PHI). */
  private rendered(renderer: Hl7v2Renderer, entry: FormatEntry, controlId: string): Hl7v2Message {
    let message: Hl7v2Message;
    try {
      message = renderer({
        eventType: entry.eventType,
        payload: JSON.parse(entry.payloadJson),
        controlId,
        publishedAt: entry.createdAt,
        sendingApplication: this.options.sendingApplication,
        sendingFacility: this.options.sendingFacility,
      });
    } catch (err) {
      if (err instanceof FormatRenderError) throw err;
      throw new FormatRenderError(MESSAGES.hl7RendererFailed(entry.eventType, (err as Error)?.name ?? 'error'));
    }
    const segments = message?.segments;
    const typeOk = Array.isArray(message?.messageType) && message.messageType.every((p) => typeof p === 'string');
    if (
      !typeOk ||
      !Array.isArray(segments) ||
      !segments.every((s) => Array.isArray(s) && SEGMENT_ID.test(s[0]) && s[0] !== 'MSH')
    ) {
      throw new FormatRenderError(MESSAGES.hl7RendererShape(entry.eventType));
    }
    return message;
  }
}
