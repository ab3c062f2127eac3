import { BLOCKED_NOTATIONS as NOTATIONS, BLOCKED_RANGES as RANGES } from '../../test/support/blocked-addresses';
import { addressProblem, hostProblem, isIpLiteral } from './address-ranges';

const hostOf = (url: string) => new URL(url).hostname;

describe('addressProblem: every blocked range is refused, the nearest public address passes', () => {
  it.each(RANGES)('%s: %s refused', (_name, ip, why) => expect(addressProblem(ip)).toMatch(why));
  it.each(RANGES.map(([name, , , nearest]) => [name, nearest]))('%s: nearest public %s allowed', (_name, nearest) =>
    expect(addressProblem(nearest)).toBeNull(),
  );

  it('refuses what is not an address at all', () => expect(addressProblem('example.com')).toMatch(/not an IP address/));
});

describe('hostProblem: IP literals in any notation', () => {
  it.each(NOTATIONS)('%s: %s refused', (_n, url) => expect(hostProblem(hostOf(url))).not.toBeNull());
  it.each(NOTATIONS.map(([name, , nearest]) => [name, nearest]))('%s: nearest public %s allowed', (_n, nearest) =>
    expect(hostProblem(hostOf(nearest))).toBeNull(),
  );

  it('leaves names to the resolver', () => {
    expect(hostProblem('localhost')).toBeNull();
    expect(isIpLiteral('localhost')).toBe(false);
    expect(isIpLiteral('partner.example.com')).toBe(false);
    expect(isIpLiteral('[::1]')).toBe(true);
    expect(isIpLiteral('8.8.8.8')).toBe(true);
  });

  it('parses non-canonical spellings even without WHATWG normalising them', () => {
    expect(hostProblem('0x7f.1')).toMatch(/loopback/);
    expect(hostProblem('017700000001')).toMatch(/loopback/);
  });
});
