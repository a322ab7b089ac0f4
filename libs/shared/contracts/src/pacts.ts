import { fileURLToPath } from 'node:url';

/**
 * Where the committed Pact files live. They are part of this project, so Nx sees a changed
 * contract as a change to every consumer and provider that depends on it.
 */
export const pactDirectory = fileURLToPath(new URL('../pacts/', import.meta.url));

export const pactFile = (consumer: string, provider: string) => `${pactDirectory}${consumer}-${provider}.json`;
