import { Injectable } from '@nestjs/common';
import { AnswerVerdict, BodyFormat, FormatEntry, RenderedBody } from './body-format';

/** Today's body: the payload exactly as published; any 2xx answer is a success. */
@Injectable()
export class JsonFormat implements BodyFormat {
  readonly name = 'json' as const;

  unrenderable(): string[] {
    return [];
  }

  render(entry: FormatEntry): RenderedBody {
    return { contentType: 'application/json', body: entry.payloadJson };
  }

  interpret(): AnswerVerdict {
    return { ok: true };
  }
}
