import { readFileSync } from 'node:fs';
import { generateOpenApi, OPENAPI_PATH, serializeOpenApi } from '../example/openapi';

describe('docs/openapi.json', () => {
  it('matches the routes and DTOs of the code (run `npm run openapi` when this fails)', async () => {
    const fresh = serializeOpenApi(await generateOpenApi());
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(fresh);
  });

  it('documents every webhook route with bearer auth', async () => {
    const doc = await generateOpenApi();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/webhooks/event-types',
        '/webhooks/subscriptions',
        '/webhooks/subscriptions/{id}',
        '/lab/events/{eventType}',
      ]),
    );
    expect(doc.paths['/webhooks/subscriptions'].post?.security).toEqual([{ bearer: [] }]);
  });
});
