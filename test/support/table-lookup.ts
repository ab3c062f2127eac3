import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';

/**
 * A resolver from a table, for the module's `lookup` option: names not in it fail like a
 * missing domain; an entry may be a function, so an answer can change (DNS rebinding).
 * Never touches the network.
 */
export function tableLookup(table: Record<string, string[] | (() => string[])>): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const fn = ((hostname: string, options: any, callback: any) => {
    calls.push(hostname);
    const entry = table[hostname];
    const ips = typeof entry === 'function' ? entry() : entry;
    setImmediate(() => {
      if (!ips)
        return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
      const list: LookupAddress[] = ips.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if (options?.all) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  }) as LookupFunction & { calls: string[] };
  fn.calls = calls;
  return fn;
}

/** The public address `rebind.test` answers once; nothing ever connects to it. */
export const REBIND_PUBLIC_ADDRESS = '93.184.216.34';

/**
 * The names of the destination-policy tests: `allowed.test` is loopback (to be whitelisted
 * with `allowedHosts`); `rebind.test` answers a public address to its first lookup (the
 * save-time check) and loopback to every later one (DNS rebinding at send time).
 */
export function rebindingLookup(): ReturnType<typeof tableLookup> {
  let answers = 0;
  return tableLookup({
    'allowed.test': ['127.0.0.1'],
    'rebind.test': () => (answers++ === 0 ? [REBIND_PUBLIC_ADDRESS] : ['127.0.0.1']),
  });
}
