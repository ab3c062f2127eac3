import { randomBytes } from 'node:crypto';
import { tableLookup } from '../../test/support/table-lookup';
import { resolveWebhooksOptions } from '../webhooks-options';
import { WebhooksModuleOptions } from '../webhooks-options.interface';
import { DestinationBlockedError } from './destination-blocked.error';
import { DestinationPolicy } from './destination-policy';

const policy = (options: Partial<WebhooksModuleOptions>) =>
  new DestinationPolicy(resolveWebhooksOptions({ encryptionKey: randomBytes(32).toString('base64'), ...options }));

const lookupOnce = (p: DestinationPolicy, host: string, all: boolean) =>
  new Promise<{ err: any; address: any; family?: number }>((resolve) =>
    p.connectLookup(host, { all } as any, (err, address, family) => resolve({ err, address, family })),
  );

describe('DestinationPolicy.checkUrl', () => {
  const lookup = tableLookup({
    'partner.example.com': ['93.184.216.34'],
    'internal.lab': ['10.1.2.3'],
    'mixed.example.com': ['10.0.0.7', '93.184.216.34'],
    'v6only.lab': ['fd00::5', '::1'],
  });
  const p = policy({ lookup });

  it('accepts a name that resolves to a public address', async () => {
    expect(await p.checkUrl('https://partner.example.com/hook')).toBeNull();
  });

  it('accepts a public IP literal without a lookup', async () => {
    const before = lookup.calls.length;
    expect(await p.checkUrl('http://93.184.216.34/hook')).toBeNull();
    expect(lookup.calls.length).toBe(before);
  });

  it.each([
    ['http://internal.lab/hook', /internal\.lab" resolves only to blocked addresses \(10\.1\.2\.3 is private/],
    ['http://v6only.lab/hook', /fd00::5 is unique local.*; ::1 is loopback/],
    ['http://127.0.0.1:8080/hook', /must not point into a private network: 127\.0\.0\.1 is loopback/],
    ['http://2130706433/hook', /127\.0\.0\.1 is loopback/],
    ['http://[::ffff:169.254.169.254]/latest/meta-data', /169\.254\.169\.254 is link-local/],
    ['http://nowhere.invalid/hook', /could not be resolved \(ENOTFOUND\)/],
  ])('refuses %s', async (url, why) => {
    expect(await p.checkUrl(url)).toMatch(why);
  });

  it('accepts a name with at least one public address (the send-time check keeps to it)', async () => {
    expect(await p.checkUrl('http://mixed.example.com/')).toBeNull();
  });

  it('refuses localhost through the system resolver (no injected lookup)', async () => {
    expect(await policy({}).checkUrl('http://localhost:3000/hook')).toMatch(
      /"localhost" resolves only to blocked addresses \((127\.0\.0\.1|::1) is loopback/,
    );
  });

  it('skips the address check for allowedHosts (exact, case-insensitive) and with allowPrivateNetworks', async () => {
    const allowing = policy({ lookup, allowedHosts: ['INTERNAL.lab', '10.9.9.9'] });
    expect(await allowing.checkUrl('http://internal.LAB/hook')).toBeNull();
    expect(await allowing.checkUrl('http://10.9.9.9/hook')).toBeNull();
    expect(await allowing.checkUrl('http://sub.internal.lab/hook')).toMatch(/could not be resolved/);
    expect(await allowing.checkUrl('http://10.9.9.8/hook')).toMatch(/private/);
    expect(await policy({ lookup, allowPrivateNetworks: true }).checkUrl('http://127.0.0.1/')).toBeNull();
  });
});

describe('DestinationPolicy at send time', () => {
  it('blocks a rebinding name: public at validation, loopback when connecting', async () => {
    let answer = '93.184.216.34';
    const p = policy({ lookup: tableLookup({ 'rebind.test': () => [answer] }) });
    expect(await p.checkUrl('http://rebind.test/hook')).toBeNull();
    answer = '127.0.0.1';
    for (const all of [false, true]) {
      const { err } = await lookupOnce(p, 'rebind.test', all);
      expect(err).toBeInstanceOf(DestinationBlockedError);
      expect(err.code).toBe('EDESTINATIONBLOCKED');
      expect(err.message).toBe('destination blocked');
      expect(DestinationBlockedError.isBlocked(new TypeError('fetch failed', { cause: err }))).toBe(true);
    }
  });

  it('hands back only the allowed addresses, in both lookup forms', async () => {
    const p = policy({
      lookup: tableLookup({ 'mixed.example.com': ['10.0.0.7', '93.184.216.34', '::1', '2606:2800:220:1::1'] }),
    });
    expect(await lookupOnce(p, 'mixed.example.com', false)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect((await lookupOnce(p, 'mixed.example.com', true)).address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ]);
  });

  it('passes lookup errors through unchanged', async () => {
    const { err } = await lookupOnce(policy({ lookup: tableLookup({}) }), 'gone.example.com', true);
    expect(err.code).toBe('ENOTFOUND');
    expect(DestinationBlockedError.isBlocked(err)).toBe(false);
  });

  it('lets allowedHosts and allowPrivateNetworks connect anywhere', async () => {
    const lookup = tableLookup({ 'receiver.lab': ['10.0.0.9'] });
    expect((await lookupOnce(policy({ lookup, allowedHosts: ['receiver.lab'] }), 'receiver.lab', false)).address).toBe(
      '10.0.0.9',
    );
    expect((await lookupOnce(policy({ lookup, allowPrivateNetworks: true }), 'receiver.lab', true)).address).toEqual([
      { address: '10.0.0.9', family: 4 },
    ]);
  });

  it('checks IP literals, which never reach a lookup', () => {
    const p = policy({ allowedHosts: ['[fd00::1]'] });
    expect(p.literalProblem('http://0x7f.1:9000/hook')).toMatch(/loopback/);
    expect(p.literalProblem(new URL('http://[::ffff:10.0.0.1]/'))).toMatch(/private/);
    expect(p.literalProblem('http://[fd00::1]/')).toBeNull();
    expect(p.literalProblem('http://93.184.216.34/')).toBeNull();
    expect(p.literalProblem('http://rebind.test/')).toBeNull();
  });
});
