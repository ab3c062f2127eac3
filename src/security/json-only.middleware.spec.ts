import { UnsupportedMediaTypeException } from '@nestjs/common';
import { isJsonMediaType, JsonOnlyMiddleware } from './json-only.middleware';

describe('isJsonMediaType', () => {
  it('accepts JSON with parameters and +json types', () => {
    expect(isJsonMediaType('application/json')).toBe(true);
    expect(isJsonMediaType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonMediaType('application/merge-patch+json')).toBe(true);
  });
  it('refuses forms, text and look-alikes', () => {
    expect(isJsonMediaType('application/x-www-form-urlencoded')).toBe(false);
    expect(isJsonMediaType('multipart/form-data; boundary=x')).toBe(false);
    expect(isJsonMediaType('text/plain')).toBe(false);
    expect(isJsonMediaType('application/jsonp')).toBe(false);
    expect(isJsonMediaType('text/json+json')).toBe(false);
  });
});

describe('JsonOnlyMiddleware', () => {
  const run = (method: string, contentType?: string) => {
    let passed = false;
    new JsonOnlyMiddleware().use(
      { method, headers: { 'content-type': contentType } },
      undefined,
      () => (passed = true),
    );
    return passed;
  };
  it('refuses a write whose body is not JSON with 415', () => {
    expect(() => run('POST', 'application/x-www-form-urlencoded')).toThrow(UnsupportedMediaTypeException);
    expect(() => run('PATCH', 'text/plain')).toThrow(UnsupportedMediaTypeException);
  });
  it('passes JSON writes, writes with no body type, and reads', () => {
    expect(run('POST', 'application/json')).toBe(true);
    expect(run('POST')).toBe(true);
    expect(run('GET', 'text/plain')).toBe(true);
  });
});
