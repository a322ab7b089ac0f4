import type { Response } from 'supertest';

/** The parts of a problem+json response a test asserts on, for one `toMatchObject`. */
export function problemOf(response: Response) {
  return {
    status: response.status,
    contentType: String(response.headers['content-type'] ?? '').split(';')[0],
    type: (response.body as { type?: string }).type,
    detail: (response.body as { detail?: string }).detail,
  };
}
