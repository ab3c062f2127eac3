// `npm run receiver -- [whsec_...] [--port 9000] [--status 200]`: a webhook receiver for trying
// the module out. It prints each delivery, and whether its signature verifies with the signing
// secret given (Standard Webhooks, through the `standardwebhooks` library a real receiver would
// use). `--status 503` answers every delivery with 503, to watch the retries.
import { createServer, IncomingMessage } from 'node:http';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: '9000' }, status: { type: 'string', default: '200' } },
});
const secret = positionals[0];
const status = Number(values.status);
const verifier = secret ? new Webhook(secret) : undefined;

function verdict(body: string, headers: IncomingMessage['headers']): string {
  if (!verifier) return 'signature not checked (no secret given)';
  try {
    verifier.verify(body, headers as Record<string, string>);
    return 'signature OK';
  } catch (err: any) {
    return `signature INVALID (${err?.message ?? err})`;
  }
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const h = req.headers;
    process.stdout.write(
      `${new Date().toISOString()} ${req.method} ${req.url} event=${h['x-webhook-event']} attempt=${h['x-webhook-attempt']} id=${h['webhook-id']}\n` +
        `  ${verdict(body, h)}; answered ${status}\n  ${body}\n`,
    );
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(
    `receiver on http://127.0.0.1:${port}/hook${secret ? '' : ' (give the whsec_ secret as argument to check signatures)'}\n`,
  );
});
