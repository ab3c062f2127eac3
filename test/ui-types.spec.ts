import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The page's API types are generated from docs/openapi.json: a change of the document that is
// not carried into them (`npm run ui:types`) fails here, before the page reads a field that moved.
describe('the page client types', () => {
  it('are what docs/openapi.json gives now', () => {
    const run = spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'ui-types.js'), '--check'], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
