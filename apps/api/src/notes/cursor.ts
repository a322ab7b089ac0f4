import { invalidField } from '@repo/service-kit';

/** Position after the last item of a page: (created_at, id), newest first. */
export interface Cursor {
  createdAt: string;
  id: string;
}

export const encodeCursor = (cursor: Cursor) =>
  Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');

const invalid = () => invalidField('querystring', 'cursor', 'is not a cursor this API returned');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Exactly what encodeCursor writes: an ISO timestamp that `toISOString` gives back unchanged
 * (so `2026-02-30`, `0` or year 275760, which JavaScript reads and PostgreSQL refuses, are
 * not cursors) and a UUID in its canonical form.
 */
const isCreatedAt = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^\d{4}-/.test(value) &&
  !Number.isNaN(Date.parse(value)) &&
  new Date(value).toISOString() === value;

export function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && isCreatedAt(parsed[0]) && UUID.test(String(parsed[1]))) {
      return { createdAt: parsed[0], id: String(parsed[1]) };
    }
  } catch {
    /* not base64 JSON */
  }
  throw invalid();
}
