import { View } from './view';

export interface Match {
  view: View;
  params: Record<string, string>;
  query: URLSearchParams;
}

/** A hash that cannot be read (a broken %-escape, e.g. `#/events/%E0%A4%A`). */
export class MalformedAddress extends Error {}

/** `#/events/abc?x=1` → the view whose path matches, its params and query. */
export function matchRoute(views: View[], hash: string): Match | null {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean);
  for (const view of views) {
    const pattern = view.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      if (p.startsWith(':')) {
        params[p.slice(1)] = decodeSegment(parts[i]);
        return true;
      }
      return p === parts[i];
    });
    if (ok) return { view, params, query: new URLSearchParams(search) };
  }
  return null;
}

/** A hash route with a query, leaving out empty values. */
export function href(path: string, query: Record<string, string | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const s = params.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MalformedAddress('This address is not valid: part of it is not properly %-encoded.');
  }
}
