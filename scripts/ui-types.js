#!/usr/bin/env node
// The page's types of the REST API, generated from docs/openapi.json (openapi-typescript):
// `npm run ui:types` writes src/ui/client/openapi.generated.ts; `--check` only says whether that
// file is what the OpenAPI document gives now (test/ui-types.spec.ts runs it).
'use strict';
const { default: openapiTS, astToString } = require('openapi-typescript');
const prettier = require('prettier');
const { readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'docs', 'openapi.json');
const target = join(root, 'src', 'ui', 'client', 'openapi.generated.ts');

const HEADER = `// Generated from docs/openapi.json by \`npm run ui:types\` (openapi-typescript): do not edit.
// The page names the shapes it uses in types.ts.

`;

async function generate() {
  const ast = await openapiTS(JSON.parse(readFileSync(source, 'utf8')));
  const options = await prettier.resolveConfig(target);
  return prettier.format(HEADER + astToString(ast), { ...options, filepath: target });
}

async function main() {
  const text = await generate();
  const name = relative(root, target);
  if (!process.argv.includes('--check')) {
    writeFileSync(target, text);
    console.log(`${name}: written from docs/openapi.json`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing: not up to date
  }
  if (current !== text) {
    console.error(`${name} is not what docs/openapi.json gives: run \`npm run ui:types\`.`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
