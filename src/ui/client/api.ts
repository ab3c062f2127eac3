/** A problem the API reported for one request field (400 `details`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An API answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** A 429's `Retry-After`, in seconds. */
    readonly retryAfterSeconds: number | null = null,
    /** The answer's JSON body, for what a view reads beyond the message (a 409's `urlChanges`). */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | undefined | null>;

/** Where a host keeps a bearer token for the page (see docs/page.md); cookies are used otherwise. */
export const TOKEN_STORAGE_KEY = 'lab-webhooks.token';

/** Where the page keeps an integrator link's token for this tab (taken from the url's fragment). */
export const LINK_STORAGE_KEY = 'lab-webhooks.link';

/** The integrator link of this tab, if it was opened from one. */
export function linkToken(): string | null {
  try {
    return sessionStorage.getItem(LINK_STORAGE_KEY);
  } catch {
    return null;
  }
}

function bearerToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? localStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null; // storage disabled: cookies only
  }
}

function messageOf(status: number, body: any): string {
  const m = body?.message;
  const said = Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : '';
  if (status >= 500) {
    return `The server failed (HTTP ${status}${said ? `: ${said}` : ''}). Try again; if it persists, tell your administrator.`;
  }
  return said || `The request failed (HTTP ${status}).`;
}

/** The module's REST API as the page calls it: same-origin cookies, JSON, errors as `ApiError`. */
export class Api {
  constructor(readonly base: string) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path + toSearch(query));
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    // A link tab speaks as the link only: no lab cookie or token goes with it (nothing to upgrade to).
    const link = linkToken();
    const token = link ? null : bearerToken();
    if (link) headers['X-Webhooks-Link'] = link;
    if (token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        credentials: link ? 'omit' : 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
    }
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const retryAfter = Number(res.headers.get('Retry-After'));
      throw new ApiError(
        res.status,
        messageOf(res.status, json),
        Array.isArray(json?.details) ? json.details : [],
        res.status === 429 && retryAfter > 0 ? retryAfter : null,
        json,
      );
    }
    return json as T;
  }
}

export function toSearch(query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
