import { fileURLToPath } from 'node:url';

/**
 * Where the committed Pact files live: one folder per provider, each its own Nx project, so
 * a changed contract affects exactly its consumer's and its provider's suites.
 */
export const pactDirectory = fileURLToPath(new URL('../pacts/', import.meta.url));

export const pactFile = (consumer: string, provider: string) =>
  `${pactDirectory}${provider}/${consumer}-${provider}.json`;

/**
 * A Pact Verifier `requestFilter` that gives every replayed request a real service token:
 * the pact pins the token's shape only, so the provider verifies with one it accepts.
 */
export const withServiceToken =
  (token: string) =>
  (request: { headers: Record<string, string | string[] | undefined> }, _response: unknown, next: () => void) => {
    request.headers.authorization = `Bearer ${token}`;
    next();
  };
