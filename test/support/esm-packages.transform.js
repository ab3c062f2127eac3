// NestJS 12 and its companions ship ES modules only. Node 20 can require() them, but Jest's
// own module loader cannot (it supports require(esm) only from Node 24.9), so the specs load
// those packages through this transform: esbuild rewrites each ES module file as CommonJS.
// `import.meta` has no CommonJS form, so its parts map to their CommonJS equivalents, and a
// dynamic import() becomes a require(), which Jest can load without its experimental ESM mode.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const esbuild = require('esbuild');

const OWN_SOURCE = readFileSync(__filename, 'utf8');

const IMPORT_META = [
  'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;',
  'const __importMetaResolve = (s) => require("node:url").pathToFileURL(require.resolve(s)).href;',
].join('\n');

module.exports = {
  process(source, filename) {
    const out = esbuild.transformSync(source, {
      format: 'cjs',
      loader: 'js',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'external',
      supported: { 'dynamic-import': false },
      banner: IMPORT_META,
      define: {
        'import.meta.url': '__importMetaUrl',
        'import.meta.dirname': '__dirname',
        'import.meta.filename': '__filename',
        'import.meta.resolve': '__importMetaResolve',
      },
      logLevel: 'silent',
    });
    return { code: out.code, map: out.map };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(OWN_SOURCE).update(esbuild.version).update(filename).update(source).digest('hex');
  },
};
