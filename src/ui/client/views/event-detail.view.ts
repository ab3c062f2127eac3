import { h, uid } from '../dom';
import { json, prettyBody, statusBadge, time } from '../format';
import { Attempt, EventDetail } from '../types';
import { View } from '../view';
import { resendButton } from './resend';

/** One entry: what was sent (payload) and every attempt with the receiver's answer. */
export const eventDetailView: View = {
  path: '/events/:id',
  title: 'Event log entry',
  forLinks: true,
  async render(main, ctx) {
    const back = h('p', { class: 'back' }, h('a', { href: '#/events' }, '« Event log'));
    const e = await ctx.api.get<EventDetail>(`/events/${encodeURIComponent(ctx.params.id)}`).catch((err) => {
      main.append(back, h('h1', null, 'Event log entry'));
      throw err;
    });
    const resend = resendButton(ctx, () => [e.id], { label: 'Resend this entry' });
    resend.setCount(0);
    resend.element.querySelector('button')!.disabled = false;
    const erasedId = uid('erased');
    // An integrator link that does not show payloads gets none: not erased, only not shared.
    const notShared = ctx.caller.link !== undefined && !ctx.caller.link.allowPayloads && !e.payloadExpunged;
    const expunged = !notShared && (e.payloadExpunged || e.payload === null);
    if (expunged) resend.element.querySelector('button')!.setAttribute('aria-describedby', erasedId);
    main.append(
      back,
      h('h1', null, `${e.eventType} `, statusBadge(e.status)),
      h(
        'dl',
        { class: 'summary' },
        item('Entry id', h('code', null, e.id)),
        item('Event id', h('code', null, e.eventId)),
        e.subject ? item('Subject', h('code', null, e.subject)) : null,
        item(
          'Endpoint',
          h('a', { href: ctx.caller.link ? '#/link' : `#/endpoints/${encodeURIComponent(e.subscriptionId)}` }, e.url),
        ),
        item('Attempts', String(e.attemptCount)),
        item('Created', time(e.createdAt)),
        item('Next attempt', time(e.nextAttemptAt)),
        e.lastError ? item('Last error', e.lastError) : null,
      ),
      resend.element,
      h('h2', null, 'Payload'),
      notShared
        ? h('p', { class: 'notice' }, 'Payload not shown: this link does not share payload bodies.')
        : expunged
          ? h(
              'p',
              { class: 'notice', id: erasedId },
              h('strong', null, 'Payload erased. '),
              'The payload and the response bodies of this entry were erased on request; its status and attempts are kept. ' +
                'It cannot be resent: there is nothing left to send.',
            )
          : h('pre', { class: 'code', tabindex: '0', 'aria-label': 'Payload (JSON)' }, json(e.payload)),
      ...(e.message && !notShared
        ? [
            h('h2', null, 'Message sent (HL7 v2)'),
            h(
              'p',
              { class: 'hint' },
              'One segment per line, as the endpoint receives it (its segments end in a carriage return).',
            ),
            h('pre', { class: 'code', tabindex: '0', 'aria-label': 'Message sent (HL7 v2)' }, prettyBody(e.message)),
          ]
        : []),
      h('h2', null, `Attempts (${e.attempts.length})`),
      e.attempts.length
        ? h(
            'ol',
            { class: 'attempts' },
            e.attempts.map((a, i) => attempt(a, i === e.attempts.length - 1, expunged)),
          )
        : h('p', null, 'No attempt yet.'),
    );
  },
};

const item = (term: string, value: Node | string) => [h('dt', null, term), h('dd', null, value)];

function attempt(a: Attempt, open: boolean, expunged: boolean): HTMLElement {
  const outcome = a.responseStatus !== null ? `HTTP ${a.responseStatus}` : a.error ? 'no response' : '—';
  return h(
    'li',
    { class: 'attempt' },
    h(
      'details',
      { open },
      h('summary', null, `Attempt ${a.attempt} · ${a.trigger} · ${outcome} · ${a.durationMs} ms`),
      h(
        'dl',
        { class: 'summary' },
        item('Trigger', a.trigger),
        item('Sent to', h('code', null, a.url)),
        item('Started', time(a.startedAt)),
        item('Duration', `${a.durationMs} ms`),
        item('Response status', a.responseStatus === null ? 'none' : String(a.responseStatus)),
        a.error ? item('Error', a.error) : null,
      ),
      h('h3', null, 'Request headers'),
      headers(a.requestHeaders, 'Request headers'),
      h('h3', null, 'Response headers'),
      a.responseHeaders ? headers(a.responseHeaders, 'Response headers') : h('p', null, 'No response.'),
      h('h3', null, 'Response body'),
      a.responseBody
        ? h(
            'pre',
            { class: 'code', tabindex: '0', 'aria-label': `Response body of attempt ${a.attempt}` },
            prettyBody(a.responseBody),
          )
        : h('p', null, expunged ? 'Erased with the payload.' : 'Empty.'),
    ),
  );
}

function headers(map: Record<string, string>, caption: string): HTMLElement {
  const entries = Object.entries(map);
  if (!entries.length) return h('p', null, 'None.');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'headers' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Header'), h('th', { scope: 'col' }, 'Value'))),
      h(
        'tbody',
        null,
        entries.map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, v))),
      ),
    ),
  );
}
