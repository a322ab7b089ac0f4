import { ProblemError } from '@repo/service-kit';

/** Position after the last item of a page: (created_at, id), newest first. */
export interface Cursor {
  createdAt: string;
  id: string;
}

export const encodeCursor = (cursor: Cursor) =>
  Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');

const invalid = () =>
  new ProblemError(400, 'validation', 'Invalid Request', 'querystring.cursor is not a cursor this API returned', {
    errors: [{ in: 'querystring', field: 'cursor', message: 'is not a cursor this API returned' }],
  });

export function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      typeof parsed[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(parsed[1])
    ) {
      return { createdAt: parsed[0], id: parsed[1] };
    }
  } catch {
    /* not base64 JSON */
  }
  throw invalid();
}
