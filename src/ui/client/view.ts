import { Api } from './api';
import { Caller, EventType } from './types';

/** What a view gets when it renders. */
export interface ViewContext {
  api: Api;
  caller: Caller;
  /** `:name` parts of the view's path. */
  params: Record<string, string>;
  /** The query part of the hash: `#/events?status=failed`. */
  query: URLSearchParams;
  /** False once the user moved to another view: a late answer must not draw over it. */
  isCurrent(): boolean;
  /** Goes to another hash route (`#/events/…`). */
  navigate(hash: string): void;
  /** A message shown at the top of the next view (e.g. after a delete). */
  flash(message: string): void;
  /** The seven event types, fetched once. */
  eventTypes(): Promise<EventType[]>;
}

/** One screen of the page; registered in `views/index.ts`. */
export interface View {
  /** Hash path with `:params`, e.g. `/events/:id`. */
  path: string;
  /** Document title (after "Webhooks – "). */
  title: string;
  /** Shown in the top navigation when set, in `order`. */
  nav?: { label: string; order: number };
  /** Only a Webhook Admin may open it (others are sent to the log). */
  adminOnly?: boolean;
  /** An integrator link's tab may open it (it may open no other view). */
  forLinks?: boolean;
  /** Only an integrator link's tab shows it. */
  linkOnly?: boolean;
  /** Draws into `main` (already emptied); the view's `<h1>` gets focus afterwards. */
  render(main: HTMLElement, ctx: ViewContext): Promise<void> | void;
}
