import { ProblemError } from '@repo/service-kit';

export const etagOf = (version: number) => `"${version}"`;

/** The version an If-Match header names: `"3"`, `W/"3"` or `3`. */
export function versionFromIfMatch(header: string | undefined): number {
  if (!header) {
    throw new ProblemError(
      428,
      'precondition-required',
      'Precondition Required',
      'Send If-Match with the ETag you read, so a concurrent change is not overwritten.',
    );
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw new ProblemError(
      400,
      'validation',
      'Invalid Request',
      'headers.if-match must be an ETag this API returned, e.g. "3"',
      {
        errors: [{ in: 'headers', field: 'if-match', message: 'must be an ETag this API returned' }],
      },
    );
  }
  return Number(match[1]);
}
