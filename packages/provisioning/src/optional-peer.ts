import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * A package the toolkit needs only for one server or provider (testcontainers and its modules,
 * ioredis, neo4j-driver) is an optional peer dependency: a PostgreSQL-only suite does not
 * install them. It is imported when first used, and its absence is this error.
 */
export class MissingPeerError extends Error {
  constructor(
    readonly packageName: string,
    readonly neededFor: string,
    readonly install: string,
    alternative?: string,
  ) {
    super(
      `${neededFor} needs ${packageName}, which is not installed. Install it: ${install}${alternative ? `, or ${alternative}` : ''}.`,
    );
    this.name = 'MissingPeerError';
  }
}

function notFound(error: unknown, specifier: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    // A missing dependency *of* the peer is that package's problem, not a missing peer.
    error.message.includes(`'${specifier}'`)
  );
}

/**
 * `import(specifier)`, or a MissingPeerError naming the command that installs it at the range
 * the calling package declares. `packageJsonUrl` is that package's package.json.
 */
export async function importOptionalPeer<T>(
  specifier: string,
  neededFor: string,
  packageJsonUrl: URL,
  alternative?: string,
): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    if (!notFound(error, specifier)) throw error;
    const manifest = createRequire(import.meta.url)(fileURLToPath(packageJsonUrl)) as {
      peerDependencies?: Record<string, string>;
    };
    const range = manifest.peerDependencies?.[specifier];
    throw new MissingPeerError(
      specifier,
      neededFor,
      `npm install --save-dev ${specifier}${range ? `@'${range}'` : ''}`,
      alternative,
    );
  }
}
