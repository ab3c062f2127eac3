import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGES } from '../webhooks.messages';

/** A file of the page, held in memory with its ETag. */
export interface UiAsset {
  body: Buffer;
  type: string;
  etag: string;
}

/** Where `npm run build` puts the bundle: beside the compiled controller, in the package. */
export const UI_PUBLIC_DIR = join(__dirname, 'public');
/** The page's front-end source (TypeScript and CSS); present in a clone, not in the package. */
export const UI_CLIENT_DIR = join(__dirname, 'client');

export const UI_ASSET_FILES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

const asset = (body: Buffer, type: string): UiAsset => ({
  body,
  type,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
});

/**
 * The page's JS and CSS: the built files shipped in the package, or, in a clone run from
 * source (ts-node, jest) where nothing was built, a bundle made now from `client/` by
 * `scripts/build-ui.js` (esbuild, tens of milliseconds). The bundler runs in a child process
 * so that it works the same under jest's module sandbox.
 */
export function loadUiAssets(): Map<string, UiAsset> {
  const assets = new Map<string, UiAsset>();
  if (Object.keys(UI_ASSET_FILES).every((f) => existsSync(join(UI_PUBLIC_DIR, f)))) {
    for (const [file, type] of Object.entries(UI_ASSET_FILES))
      assets.set(file, asset(readFileSync(join(UI_PUBLIC_DIR, file)), type));
    return assets;
  }
  const script = join(__dirname, '..', '..', 'scripts', 'build-ui.js');
  if (!existsSync(UI_CLIENT_DIR) || !existsSync(script)) throw new Error(MESSAGES.uiAssetsMissing(UI_PUBLIC_DIR));
  const bundle = JSON.parse(
    execFileSync(process.execPath, [script, '--stdout'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }),
  );
  for (const [file, type] of Object.entries(UI_ASSET_FILES))
    assets.set(file, asset(Buffer.from(bundle[file], 'utf8'), type));
  return assets;
}
