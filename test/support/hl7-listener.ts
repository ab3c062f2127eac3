import { HL7Message } from 'hl7v2';
import { EXAMPLES } from '../../src/event-types/schemas/examples';
import type { ReceiverHandler } from './receiver';

export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

/** How the listener answers one message: an ACK code with its text, or an HTTP answer of its own. */
export type ListenerAnswer = { ack: AckCode; text?: string; errorText?: string } | { status: number; body: string };

/**
 * An HL7 over HTTP listener, as an interface engine runs one: each POST's body is parsed with
 * the `hl7v2` library (a body it cannot parse gets a 400) and answered with the ACK that library
 * builds for it (MSA-2 echoes MSH-10), optionally with an ERR segment.
 */
export class Hl7Listener {
  readonly messages: HL7Message[] = [];
  /** Answers in order; the last one repeats. */
  answers: ListenerAnswer[] = [{ ack: 'AA' }];

  readonly handler: ReceiverHandler = (req, res) => {
    let message: HL7Message;
    try {
      message = HL7Message.parse(req.body);
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`not an HL7 v2 message: ${(err as Error).message}`);
      return;
    }
    this.messages.push(message);
    const answer = this.answers[Math.min(this.messages.length, this.answers.length) - 1];
    if ('status' in answer) {
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
      return;
    }
    const ack = message.createAck(answer.ack as never, answer.text);
    if (answer.errorText) ack.addSegment('ERR').field(8).setValue(answer.errorText);
    res.writeHead(200, { 'content-type': 'application/hl7-v2; charset=utf-8' }).end(ack.toHL7String());
  };

  reset(answers: ListenerAnswer[] = [{ ack: 'AA' }]): void {
    this.messages.length = 0;
    this.answers = answers;
  }
}

/** The event catalog's example of a signed report (a synthetic patient), `overrides` replacing top-level fields. */
export function reportPayload(overrides: Record<string, unknown> = {}): Record<string, any> {
  const { eventType: _eventType, ...example } = EXAMPLES.report_signed;
  return { ...structuredClone(example), ...overrides };
}
