#!/usr/bin/env node
// Bundles the webhooks page (src/ui/client) with esbuild: one JS file and one CSS file, no
// runtime dependency. `npm run build` writes them into dist/src/ui/public (shipped in the
// package); `--stdout` prints them as JSON instead, for a server run from source.
'use strict';
const { buildSync } = require('esbuild');
const { gzipSync } = require('node:zlib');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const client = join(root, 'src', 'ui', 'client');

function bundle() {
  const result = buildSync({
    entryPoints: { 'app': join(client, 'main.ts'), 'app-css': join(client, 'app.css') },
    bundle: true,
    minify: true,
    write: false,
    outdir: 'out',
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    legalComments: 'none',
    logLevel: 'error',
    tsconfig: join(client, 'tsconfig.json'),
  });
  const files = {};
  for (const f of result.outputFiles) {
    if (f.path.endsWith('app.js')) files['app.js'] = f.text;
    if (f.path.endsWith('app-css.css')) files['app.css'] = f.text;
  }
  return files;
}

const files = bundle();
if (process.argv.includes('--stdout')) {
  process.stdout.write(JSON.stringify(files));
} else {
  const out = join(root, 'dist', 'src', 'ui', 'public');
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(out, name), text);
    const gz = gzipSync(Buffer.from(text)).length;
    console.log(`${join('dist/src/ui/public', name)}: ${Buffer.byteLength(text)} bytes, ${gz} bytes gzipped`);
  }
}
