import { headersProblem, urlShapeProblem } from './subscription.validators';

describe('urlShapeProblem', () => {
  it.each(['https://lab.example.com/hook', 'http://10.0.0.1:8080/a?b=c'])('accepts %s', (u) =>
    expect(urlShapeProblem(u)).toBeNull(),
  );
  it.each([
    ['ftp://x.example.com', /http or https/],
    ['/relative/path', /absolute/],
    ['https://user:pw@x.example.com', /credentials/],
    [`https://x.example.com/${'a'.repeat(2048)}`, /at most 2048/],
    [42, /string/],
    ['https://x.example.com/a\r\nX-Injected: 1', /spaces or control characters/],
    [' https://x.example.com/', /spaces or control characters/],
    ['https://x.example.com/\ta', /spaces or control characters/],
  ])('refuses %p', (u, why) => expect(urlShapeProblem(u)).toMatch(why));
});

describe('headersProblem', () => {
  it('accepts ordinary headers', () =>
    expect(headersProblem({ 'X-Api-Key': 'abc', Accept: 'x', 'X-Name': 'Müller\tLab' })).toBeNull());
  it.each([
    [{ Host: 'x' }, /set by the module/],
    [{ 'content-type': 'x' }, /set by the module/],
    [{ 'Webhook-Id': 'x' }, /set by the module/],
    [{ 'X-Webhook-Event': 'x' }, /set by the module/],
    [{ 'bad name': 'x' }, /not a valid HTTP token/],
    [{ 'X-A': 'a\r\nInjected: 1' }, /CR, LF/],
    [{ 'X-A': 'a'.repeat(1025) }, /at most 1024/],
    [{ 'X-A': 'emoji 😀' }, /visible ASCII or Latin-1/],
    [{ 'X-A': 'bell \u0007' }, /visible ASCII or Latin-1/],
    [{ 'X-A': 5 }, /string value/],
    [Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-${i}`, 'v'])), /at most 20/],
    [['x'], /object/],
    [Object.setPrototypeOf({}, { 'X-A': 'inherited' }), /no "__proto__"/],
  ])('refuses %p', (h, why) => expect(headersProblem(h)).toMatch(why));
});
