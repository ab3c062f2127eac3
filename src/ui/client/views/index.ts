import { View } from '../view';
import { auditView } from './audit.view';
import { endpointFormView, newEndpointView } from './endpoint-form.view';
import { endpointsView } from './endpoints.view';
import { eventDetailView } from './event-detail.view';
import { eventLogView } from './event-log.view';
import { eventTypesView, eventTypeView } from './event-types.view';
import { linkEndpointView } from './link-endpoint.view';

/**
 * Every view of the page. To add one: write `views/<name>.view.ts` exporting a `View`, and
 * list it here (more specific paths before `:param` ones). See docs/page.md.
 */
export const VIEWS: View[] = [
  eventLogView,
  eventDetailView,
  endpointsView,
  newEndpointView,
  endpointFormView,
  eventTypesView,
  eventTypeView,
  auditView,
  linkEndpointView,
];
