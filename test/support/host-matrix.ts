import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The lowest versions of every peer the package supports (package.json `peerDependencies`):
 * the lowest host installs exactly these, so a use of anything newer fails there.
 */
export const LOWEST_SUPPORTED_HOST = {
  '@nestjs/bull': '10.0.0',
  '@nestjs/common': '10.0.0',
  '@nestjs/core': '10.0.0',
  '@nestjs/event-emitter': '2.0.0',
  '@nestjs/platform-express': '10.0.0',
  '@nestjs/swagger': '7.0.0',
  '@nestjs/typeorm': '10.0.0',
  bull: '4.10.0',
  'class-transformer': '0.5.1',
  'class-validator': '0.14.0',
  'reflect-metadata': '0.1.13',
  rxjs: '7.2.0',
  typeorm: '0.3.17',
  mysql2: '3.24.6',
};

/** What `nest new` (NestJS 12 CLI) puts in a new app's package.json `dependencies`. */
const NEST_NEW_APP = {
  '@nestjs/common': '^12.0.1',
  '@nestjs/core': '^12.0.1',
  '@nestjs/platform-express': '^12.0.1',
  'reflect-metadata': '^0.2.2',
  rxjs: '^7.8.1',
};

/** A NestJS 9 host, with companions that accept Nest 9: the package's peers refuse it. */
export const NEST_9_HOST = {
  '@nestjs/bull': '^10.0.0',
  '@nestjs/common': '^9.0.0',
  '@nestjs/core': '^9.0.0',
  '@nestjs/event-emitter': '^2.0.0',
  '@nestjs/platform-express': '^9.0.0',
  '@nestjs/swagger': '^7.0.0',
  '@nestjs/typeorm': '^10.0.0',
  bull: '^4.10.0',
  'reflect-metadata': '^0.1.13',
  rxjs: '^7.2.0',
  typeorm: '^0.3.17',
  mysql2: '^3.24.6',
};

/** One host of the matrix: how the lab's app is made and what it must end up with. */
export interface HostRecipe {
  name: string;
  /** `module`: an ES-module app (`"type": "module"`, `import` syntax after compiling). */
  type: 'commonjs' | 'module';
  /** Nest's HTTP platform: the host's main.ts is host-app/main.ts or host-app/main-fastify.ts. */
  platform: 'express' | 'fastify';
  /**
   * Runs in the folder of the host of that name (one `npm install` for both, with the
   * dependencies of both) instead of an install of its own: the matrix's time is mostly installs.
   */
  installedWith?: string;
  /** The app's package.json `dependencies` before the package is added. */
  dependencies: Record<string, string>;
  /** Adds the package with the README's install line (its companions at their newest). */
  readmeInstallLine: boolean;
  /** The versions `npm ls` must find, each as a prefix ("10.0.0" exact, "11." a major). */
  expected: { '@nestjs/core': string; typeorm: string };
}

const NEST_12_CJS = 'NestJS 12 + TypeORM 1 (CommonJS, `nest new` + the README install line)';

/** Adding a host is adding an entry here. */
export const HOSTS: HostRecipe[] = [
  {
    name: 'NestJS 10 + TypeORM 0.3 (lowest supported peers)',
    type: 'commonjs',
    platform: 'express',
    dependencies: LOWEST_SUPPORTED_HOST,
    readmeInstallLine: false,
    expected: { '@nestjs/core': '10.0.0', typeorm: '0.3.17' },
  },
  {
    name: 'NestJS 11 + TypeORM 0.3',
    type: 'commonjs',
    platform: 'express',
    dependencies: {
      '@nestjs/bull': '^11.0.0',
      '@nestjs/common': '^11.0.0',
      '@nestjs/core': '^11.0.0',
      '@nestjs/event-emitter': '^3.0.0',
      '@nestjs/platform-express': '^11.0.0',
      '@nestjs/swagger': '^11.0.0',
      '@nestjs/typeorm': '^11.0.0',
      bull: '^4.16.0',
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.1',
      typeorm: '^0.3.17',
      mysql2: '^3.24.6',
    },
    readmeInstallLine: false,
    expected: { '@nestjs/core': '11.', typeorm: '0.3.' },
  },
  {
    name: NEST_12_CJS,
    type: 'commonjs',
    platform: 'express',
    dependencies: NEST_NEW_APP,
    readmeInstallLine: true,
    expected: { '@nestjs/core': '12.', typeorm: '1.' },
  },
  {
    name: 'NestJS 12 + TypeORM 1 (ES-module app, `nest new` + the README install line)',
    type: 'module',
    platform: 'express',
    dependencies: NEST_NEW_APP,
    readmeInstallLine: true,
    expected: { '@nestjs/core': '12.', typeorm: '1.' },
  },
  {
    name: 'NestJS 12 + TypeORM 1 on Fastify (`nest new`, @nestjs/platform-fastify, the README install line)',
    type: 'commonjs',
    platform: 'fastify',
    dependencies: { ...NEST_NEW_APP, '@nestjs/platform-fastify': '^12.0.1' },
    readmeInstallLine: true,
    installedWith: NEST_12_CJS,
    expected: { '@nestjs/core': '12.', typeorm: '1.' },
  },
];

/** The hosts that get an install of their own, each with those that run in its folder. */
export function installGroups(): { host: HostRecipe; guests: HostRecipe[] }[] {
  return HOSTS.filter((r) => !r.installedWith).map((host) => ({
    host,
    guests: HOSTS.filter((r) => r.installedWith === host.name),
  }));
}

/** The README's install line, less `npm install lab-webhooks`: the companions it names. */
export function readmeInstallCompanions(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = /^npm install lab-webhooks ([^\n]+)$/m.exec(readme);
  if (!match) throw new Error('README.md has no "npm install lab-webhooks ..." line');
  return match[1].trim().split(/\s+/);
}

/** The README's host module (the block after the `host-app: app.module.ts` marker), as written. */
export function readmeHostModule(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = /<!-- host-app: app\.module\.ts[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no host-app: app.module.ts block');
  return match[1];
}
