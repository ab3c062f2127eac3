// A real OAuth2 authorization server (oidc-provider, ESM-only) in a child process of its own, so
// the CommonJS specs under jest never load it. The parent talks over IPC: it is told the port,
// hears of each token request, and can change the token lifetime or stop the token endpoint.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const clients = JSON.parse(process.env.OAUTH2_CLIENTS);
let ttlSeconds = 3600;
let down = false;
let handler = (_req, res) => res.end();
const server = createServer((req, res) => handler(req, res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: clients.map((c) => ({ grant_types: ['client_credentials'], redirect_uris: [], response_types: [], ...c })),
  features: {
    clientCredentials: { enabled: true },
    // Any registered client may ask: the test's receiver introspects with a client of its own.
    introspection: { enabled: true, allowedPolicy: () => true },
    revocation: { enabled: true, allowedPolicy: () => true },
    devInteractions: { enabled: false },
  },
  scopes: ['lab-results.write'],
  ttl: { ClientCredentials: () => ttlSeconds },
});
const callback = provider.callback();
handler = (req, res) => {
  if (req.url === '/token') {
    process.send({ type: 'token-request', down });
    if (down) {
      res.writeHead(503, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: 'temporarily_unavailable' }));
    }
  }
  return callback(req, res);
};
process.on('message', (m) => {
  if (m.type === 'ttl') ttlSeconds = m.seconds;
  if (m.type === 'down') down = m.down;
  process.send({ type: 'ack', id: m.id });
});
process.send({ type: 'listening', port });
