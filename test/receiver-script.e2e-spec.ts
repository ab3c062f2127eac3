import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { generateSigningSecret } from '../src/crypto/secret-box';
import { signatureHeader } from '../src/sending/signer';
import { waitUntil } from './support/wait';

/** `npm run receiver`, the README tour's receiver: it must say which deliveries verify. */
describe('npm run receiver (scripts/receiver.ts)', () => {
  const secret = generateSigningSecret();
  let child: ChildProcess;
  let output = '';
  let url: string;

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      [
        require.resolve('ts-node/dist/bin'),
        '--transpile-only',
        join(__dirname, '../scripts/receiver.ts'),
        secret,
        '--port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    url = (await waitUntil(() => /receiver on (http:\S+)/.exec(output), 'the receiver to listen', 60_000))[1];
  });
  afterAll(() => child.kill());

  const post = (body: string, signature: string, id: string) => {
    const timestamp = new Date();
    return fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature || signatureHeader([secret], id, timestamp, body),
        'x-webhook-event': 'report_signed',
        'x-webhook-attempt': '1',
      },
    });
  };

  it('prints a delivery signed with the given secret as verified, and answers 200', async () => {
    const res = await post('{"reportId":"R-1","eventType":"report_signed"}', '', 'msg_good');
    expect(res.status).toBe(200);
    await waitUntil(() => output.includes('id=msg_good'), 'the delivery to be printed');
    expect(output).toMatch(/event=report_signed attempt=1 id=msg_good\n\s+signature OK; answered 200/);
  });

  it('prints a delivery signed with another secret as invalid', async () => {
    const body = '{"reportId":"R-2","eventType":"report_signed"}';
    const forged = signatureHeader([generateSigningSecret()], 'msg_forged', new Date(), body);
    await post(body, forged, 'msg_forged');
    await waitUntil(() => output.includes('id=msg_forged'), 'the forged delivery to be printed');
    expect(output).toMatch(/id=msg_forged\n\s+signature INVALID/);
  });
});
