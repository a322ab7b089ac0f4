/** The same server URL pointing at another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Double-quotes an identifier for PostgreSQL; names here are generated, but stay safe. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
