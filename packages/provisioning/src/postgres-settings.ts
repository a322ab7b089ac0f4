/**
 * PostgreSQL tuned for tests, by both the local and the testcontainers provider: no durability
 * (a test server's data is thrown away) and room for many parallel test files' pools.
 */
export const POSTGRES_TEST_SETTINGS: readonly string[] = [
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'max_connections=300',
];
