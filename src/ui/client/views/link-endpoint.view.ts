import { h } from '../dom';
import { localTime } from '../format';
import { href } from '../router';
import { Subscription } from '../types';
import { View } from '../view';
import { chartSection } from './delivery-chart';
import { healthSection } from './endpoint-health';

/** Whether the lab has the endpoint active is a setting of the lab's: not shown to the link. */
function withoutStatus(health: HTMLElement): HTMLElement {
  health.querySelector('.endpoint-status')?.remove();
  return health;
}

/**
 * What an integrator link's tab shows of its endpoint: address, health and deliveries over
 * time, and what the link allows. No settings: the link's caller may not read them.
 */
export const linkEndpointView: View = {
  path: '/link',
  title: 'Your endpoint',
  nav: { label: 'Endpoint health', order: 15 },
  forLinks: true,
  linkOnly: true,
  render(main, ctx) {
    const link = ctx.caller.link!;
    // The health section needs only these of an endpoint: the rest is the lab's, not shown here.
    const s = { id: link.subscriptionId, url: link.url, active: true } as Subscription;
    main.append(
      h('h1', null, 'Endpoint ', h('span', { class: 'url' }, link.url)),
      h(
        'p',
        null,
        `This link shows the lab's deliveries to this endpoint until ${localTime(link.expiresAt)}. `,
        link.allowPayloads ? 'Payloads are shown. ' : 'Payloads are not shown. ',
        link.allowResend ? 'Failed entries may be resent.' : 'Entries cannot be resent from here.',
      ),
      h('p', null, h('a', { href: href('/events') }, 'Event log of this endpoint')),
      withoutStatus(healthSection(ctx, s).element),
      chartSection(ctx, `/subscriptions/${encodeURIComponent(s.id)}/chart`, 'Deliveries over time'),
    );
  },
};
