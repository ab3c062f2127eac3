// Writes docs/openapi.json from the example app's routes (npm run openapi).
import { writeFileSync } from 'node:fs';
import { generateOpenApi, OPENAPI_PATH, serializeOpenApi } from '../example/openapi';

async function main(): Promise<void> {
  const doc = await generateOpenApi();
  writeFileSync(OPENAPI_PATH, serializeOpenApi(doc));
  process.stdout.write(`wrote ${OPENAPI_PATH} (${Object.keys(doc.paths).length} paths)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`openapi: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
