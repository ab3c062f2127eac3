/** Messages between the bench and its receiver process (IPC). */

/** `ok`: answers 204 at once. `hang`: never answers; the sender's timeout ends the request. */
export type ListenerMode = 'ok' | 'hang';

export interface ListenerSpec {
  host: string;
  mode: ListenerMode;
}

export interface Endpoint {
  host: string;
  port: number;
  url: string;
}

export type ReceiverCommand =
  | { id: number; cmd: 'listen'; listeners: ListenerSpec[] }
  | { id: number; cmd: 'closeListeners' }
  | { id: number; cmd: 'reset' }
  /** Replies once `n` requests have arrived at `ok` listeners since the last reset. */
  | { id: number; cmd: 'expect'; n: number }
  | { id: number; cmd: 'stats' };

export interface ReceiverStats {
  /** Requests answered by `ok` listeners since the last reset. */
  count: number;
  /** Requests held by `hang` listeners since the last reset. */
  hung: number;
  firstAt: number | null;
  lastAt: number | null;
  /** Receive time minus the payload's `emittedAt`, in ms, for payloads that carry one. */
  latenciesMs: number[];
}

export type ReceiverReply =
  | { id: number; ok: true; endpoints?: Endpoint[]; at?: number; stats?: ReceiverStats }
  | { id: number; ok: false; error: string };
