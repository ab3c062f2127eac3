import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HostRecipe, readmeHostModule, readmeInstallCompanions } from './host-matrix';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const HOST_APP = join(__dirname, 'host-app');
const OWN = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

let packed: Promise<string> | undefined;

/** `npm pack` (which builds the package) once per run; every host installs the same tarball. */
export function packOnce(): Promise<string> {
  packed ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-webhooks-pack-'));
    const out = await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, maxBuffer: 1 << 24 });
    return join(dir, out.stdout.trim().split('\n').pop()!);
  })();
  return packed;
}

export interface InstalledHost {
  dir: string;
  /** Wall time of the host's `npm install`, in ms. */
  installMs: number;
}

/**
 * Makes the host's folder as its recipe says, installs the tarball with plain `npm install`
 * (no --legacy-peer-deps: a peer conflict fails here), and compiles the app with TypeScript
 * the way `nest new` sets it up (tsconfig `module: nodenext`; CommonJS or ES modules by the
 * package.json `type`): the README's module as src/app.module.ts, and the main.ts of each
 * platform. `guests` are hosts that run in the same folder (their dependencies installed too).
 */
export async function installHost(
  recipe: HostRecipe,
  tarball: string,
  guests: HostRecipe[] = [],
): Promise<InstalledHost> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-webhooks-host-'));
  try {
    return await makeHost(dir, recipe, tarball, guests);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The compiled entry point of a host of `platform`, relative to its folder. */
export const hostEntry = (platform: HostRecipe['platform']) =>
  platform === 'fastify' ? 'dist/main-fastify.js' : 'dist/main.js';

async function makeHost(
  dir: string,
  recipe: HostRecipe,
  tarball: string,
  guests: HostRecipe[],
): Promise<InstalledHost> {
  const recipes = [recipe, ...guests];
  const dependencies = Object.assign({}, ...recipes.map((r) => r.dependencies));
  const manifest = {
    name: 'throw-away-lab-host',
    private: true,
    type: recipe.type,
    dependencies: recipe.readmeInstallLine ? dependencies : { ...dependencies, 'lab-webhooks': `file:${tarball}` },
    devDependencies: { '@types/node': OWN.devDependencies['@types/node'] },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const added = recipe.readmeInstallLine ? [tarball, ...readmeInstallCompanions()] : [];
  const started = Date.now();
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...added], {
    cwd: dir,
    maxBuffer: 1 << 24,
  });
  const installMs = Date.now() - started;
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.module.ts'), readmeHostModule());
  const mains = new Set(recipes.map((r) => (r.platform === 'fastify' ? 'main-fastify.ts' : 'main.ts')));
  for (const file of ['host-driver.ts', ...mains]) copyFileSync(join(HOST_APP, file), join(dir, 'src', file));
  for (const file of ['tsconfig.json', 'tsconfig.build.json']) copyFileSync(join(HOST_APP, file), join(dir, file));
  const tsc = [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'];
  await run(process.execPath, tsc, { cwd: dir }).catch((err: { stdout: string }) => {
    throw new Error(`the host app does not compile:\n${err.stdout}`);
  });
  return { dir, installMs };
}

/** Runs a command in the host folder (e.g. the package's bin through `npx`). */
export function runIn(dir: string, command: string, args: string[], env: Record<string, string> = {}) {
  return run(command, args, { cwd: dir, env: { ...process.env, ...env } });
}

/** What `npm ls` finds of a package in the host: every installed copy's path and version. */
export async function installedCopies(dir: string, name: string): Promise<{ path: string; version: string }[]> {
  const ls = await run('npm', ['ls', name, '--all', '--parseable'], { cwd: dir });
  const paths = [...new Set(ls.stdout.trim().split('\n').filter(Boolean))];
  return paths.map((path) => ({ path, version: JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')).version }));
}
