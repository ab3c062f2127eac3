import { MODULE_NAME } from '../webhooks.messages';

/** Thrown when a feature needs an optional peer the host has not installed; names the package. */
export class MissingPackageError extends Error {
  constructor(
    readonly packageName: string,
    feature: string,
  ) {
    super(`${MODULE_NAME}: ${feature} needs the package "${packageName}": npm install ${packageName}`);
    this.name = 'MissingPackageError';
  }
}

/**
 * Loads an optional peer (`@nestjs/terminus`, `prom-client`) only when a feature uses it, so a
 * host without it still boots. Any failure other than "not installed" is rethrown as is.
 */
export function loadPackage<T>(packageName: string, feature: string): T {
  try {
    // A runtime name: the package is optional, so it cannot be a static import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(packageName) as T;
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND' &&
      String((err as Error).message).includes(packageName)
    ) {
      throw new MissingPackageError(packageName, feature);
    }
    throw err;
  }
}

/** Whether an optional peer can be loaded (for "on when installed" defaults). */
export function hasPackage(packageName: string): boolean {
  try {
    loadPackage(packageName, packageName);
    return true;
  } catch (err) {
    if (err instanceof MissingPackageError) return false;
    throw err;
  }
}
