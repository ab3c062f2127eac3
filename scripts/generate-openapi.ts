// Writes docs/openapi.json from the example app's routes (npm run openapi).
import { writeFileSync } from 'node:fs';
import { generateOpenApi, OPENAPI_PATH, serializeOpenApi } from '../example/openapi';

generateOpenApi().then((doc) => {
  writeFileSync(OPENAPI_PATH, serializeOpenApi(doc));
  process.stdout.write(`wrote ${OPENAPI_PATH} (${Object.keys(doc.paths).length} paths)\n`);
});
