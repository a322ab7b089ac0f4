import { fileURLToPath } from 'node:url';

/**
 * Where the committed Pact files live: one folder per provider, each its own Nx project, so
 * a changed contract affects exactly its consumer's and its provider's suites.
 */
export const pactDirectory = fileURLToPath(new URL('../pacts/', import.meta.url));

export const pactFile = (consumer: string, provider: string) =>
  `${pactDirectory}${provider}/${consumer}-${provider}.json`;
