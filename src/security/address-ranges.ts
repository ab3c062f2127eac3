import ipaddr from 'ipaddr.js';

/**
 * Why an address may not be a webhook destination, or null when it is public.
 *
 * Fails closed: an address is allowed only when ipaddr.js names it plain `unicast` (for IPv6,
 * inside 2000::/3, the only global unicast space handed out) or a globally reachable anycast
 * range; every other range, including ones a future ipaddr.js adds, is refused. IPv6 forms
 * that embed an IPv4 address (mapped, compatible, SIIT, NAT64, 6to4) are judged by the IPv4
 * address inside them.
 */
export function addressProblem(ip: string): string | null {
  const text = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (!ipaddr.isValid(text)) return `${text.slice(0, 64)} is not an IP address`;
  const addr = ipaddr.parse(text);
  return addr.kind() === 'ipv4' ? ipv4Problem(addr as ipaddr.IPv4, text) : ipv6Problem(addr as ipaddr.IPv6, text);
}

/** Whether a URL host is an IP literal (`[...]` for IPv6) rather than a name to resolve. */
export function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname);
}

/**
 * Why a URL host is refused when it is an IP literal; null for a public literal or a name.
 * Give it `URL.hostname`: WHATWG URL has already turned decimal, hex and octal IPv4
 * (`http://2130706433/`, `http://0x7f.1/`) into dotted form; other spellings are parsed too.
 */
export function hostProblem(hostname: string): string | null {
  return isIpLiteral(hostname) ? addressProblem(hostname) : null;
}

const IPV4_LABELS: Record<string, string> = {
  unspecified: 'unspecified ("this network", 0.0.0.0/8)',
  broadcast: 'broadcast',
  multicast: 'multicast (224.0.0.0/4)',
  linkLocal: 'link-local (169.254.0.0/16, cloud metadata included)',
  loopback: 'loopback (127.0.0.0/8)',
  carrierGradeNat: 'carrier-grade NAT (100.64.0.0/10)',
  private: 'private (RFC 1918)',
  reserved: 'reserved (documentation, benchmarking or future use)',
};
const IPV4_PUBLIC = new Set(['unicast', 'amt', 'as112']);

const IPV6_LABELS: Record<string, string> = {
  unspecified: 'unspecified (::)',
  loopback: 'loopback (::1)',
  linkLocal: 'link-local (fe80::/10)',
  multicast: 'multicast (ff00::/8)',
  uniqueLocal: 'unique local (fc00::/7)',
  deprecatedSiteLocal: 'site-local (fec0::/10)',
  discard: 'discard-only (100::/64)',
  teredo: 'a Teredo tunnel (2001::/32)',
};
const IPV6_PUBLIC = new Set(['unicast', 'amt', 'as112v6']);
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

function ipv4Problem(addr: ipaddr.IPv4, text: string): string | null {
  const range = addr.range();
  if (IPV4_PUBLIC.has(range)) return null;
  return `${text} is ${IPV4_LABELS[range] ?? `in a special-purpose range (${range})`}`;
}

function ipv6Problem(addr: ipaddr.IPv6, text: string): string | null {
  const embedded = embeddedIPv4(addr);
  if (embedded) {
    const inner = ipv4Problem(embedded.ip, embedded.ip.toString());
    return inner && `${text} embeds ${inner} (${embedded.form})`;
  }
  const range = addr.range();
  if (range === 'unicast' && !addr.match(GLOBAL_UNICAST)) return `${text} is outside global unicast space (2000::/3)`;
  if (IPV6_PUBLIC.has(range)) return null;
  return `${text} is ${IPV6_LABELS[range] ?? `in a special-purpose range (${range})`}`;
}

/** The IPv4 address an IPv6 address stands for, for the forms a stack routes to IPv4. */
function embeddedIPv4(addr: ipaddr.IPv6): { ip: ipaddr.IPv4; form: string } | null {
  const p = addr.parts;
  const last32 = () => new ipaddr.IPv4([p[6] >> 8, p[6] & 255, p[7] >> 8, p[7] & 255]);
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && p[5] === 0xffff) return { ip: last32(), form: 'IPv4-mapped' };
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return { ip: last32(), form: 'IPv4-translated' };
  // ::/96 minus :: and ::1 (which have ranges of their own): deprecated IPv4-compatible form.
  if (zeros(0, 6) && (p[6] !== 0 || p[7] > 1)) return { ip: last32(), form: 'IPv4-compatible' };
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return { ip: last32(), form: 'NAT64' };
  if (p[0] === 0x2002) return { ip: new ipaddr.IPv4([p[1] >> 8, p[1] & 255, p[2] >> 8, p[2] & 255]), form: '6to4' };
  return null;
}
