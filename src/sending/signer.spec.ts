import { Webhook } from 'standardwebhooks';
import { generateSigningSecret } from '../crypto/secret-box';
import { signatureHeader, webhookMessageId } from './signer';

describe('signatureHeader', () => {
  const body = JSON.stringify({ eventType: 'report_signed', reportId: 'R-1' });
  const ts = new Date();
  const headers = (signature: string) => ({
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(Math.floor(ts.getTime() / 1000)),
    'webhook-signature': signature,
  });

  it('verifies with the standardwebhooks library', () => {
    const secret = generateSigningSecret();
    expect(new Webhook(secret).verify(body, headers(signatureHeader([secret], 'msg_1', ts, body)))).toEqual(
      JSON.parse(body),
    );
  });

  it('verifies with either secret during a rotation, and not with a stranger', () => {
    const [a, b] = [generateSigningSecret(), generateSigningSecret()];
    const sig = signatureHeader([a, b], 'msg_1', ts, body);
    expect(sig.split(' ')).toHaveLength(2);
    expect(() => new Webhook(a).verify(body, headers(sig))).not.toThrow();
    expect(() => new Webhook(b).verify(body, headers(sig))).not.toThrow();
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers(sig))).toThrow();
  });

  it("is the standardwebhooks library's own signature, byte for byte, non-ASCII bodies too", () => {
    const secret = generateSigningSecret();
    const text = JSON.stringify({ reportId: 'R-1', note: 'ünïcødé ✓ \u{1F9EA}', nested: { a: [1, 'é'] } });
    expect(signatureHeader([secret], 'msg_1', ts, text)).toBe(new Webhook(secret).sign('msg_1', ts, text));
    const raw = secret.slice('whsec_'.length);
    expect(signatureHeader([raw], 'msg_2', ts, text)).toBe(new Webhook(raw).sign('msg_2', ts, text));
  });

  it('fails verification when the body changes', () => {
    const secret = generateSigningSecret();
    const sig = signatureHeader([secret], 'msg_1', ts, body);
    expect(() => new Webhook(secret).verify(body.replace('R-1', 'R-2'), headers(sig))).toThrow();
  });

  it('makes a stable message id per entry', () => {
    expect(webhookMessageId('01a221f1-5d62-722a-878b-8042209f7d54')).toBe('msg_01a221f15d62722a878b8042209f7d54');
  });
});
