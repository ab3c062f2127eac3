import { describe, expect, it } from '@jest/globals';
import { href, MalformedAddress, matchRoute } from './router';
import { View } from './view';

const view = (path: string): View => ({ path, title: path, render: () => undefined });
const VIEWS = [view('/events'), view('/events/:id'), view('/endpoints/new'), view('/endpoints/:id')];

describe('matchRoute', () => {
  it('finds the view of a path, its params and its query', () => {
    const m = matchRoute(VIEWS, '#/events/abc?status=failed&cursor=x');
    expect(m?.view.path).toBe('/events/:id');
    expect(m?.params).toEqual({ id: 'abc' });
    expect(m?.query.get('status')).toBe('failed');
    expect(m?.query.get('cursor')).toBe('x');
  });

  it('takes the first view that matches, in the order given', () => {
    expect(matchRoute(VIEWS, '#/endpoints/new')?.view.path).toBe('/endpoints/new');
    expect(matchRoute(VIEWS, '#/endpoints/e-1')?.params).toEqual({ id: 'e-1' });
  });

  it('decodes %-escaped params', () => {
    expect(matchRoute(VIEWS, '#/events/a%20b%2Fc')?.params).toEqual({ id: 'a b/c' });
  });

  it('reads an empty hash as the root, and a path of another length as no match', () => {
    expect(matchRoute([view('/')], '')?.view.path).toBe('/');
    expect(matchRoute(VIEWS, '#/events/a/b')).toBeNull();
    expect(matchRoute(VIEWS, '#/audit')).toBeNull();
  });

  it('throws MalformedAddress on a broken %-escape', () => {
    expect(() => matchRoute(VIEWS, '#/events/%E0%A4%A')).toThrow(MalformedAddress);
  });
});

describe('href', () => {
  it('builds a hash route and leaves out empty values', () => {
    expect(href('/events')).toBe('#/events');
    expect(href('/events', { status: 'failed', eventType: '', cursor: undefined, since: null })).toBe(
      '#/events?status=failed',
    );
  });

  it('encodes values, so matchRoute reads back what href wrote', () => {
    const hash = href('/events', { subject: 'R-1 & 2', cursor: 'a+b=' });
    expect(matchRoute(VIEWS, hash)?.query.get('subject')).toBe('R-1 & 2');
    expect(matchRoute(VIEWS, hash)?.query.get('cursor')).toBe('a+b=');
  });
});
