import { invalidField, ProblemError } from '@repo/service-kit';

export const etagOf = (version: number) => `"${version}"`;

/** The version an If-Match header names: `"3"`, `W/"3"` or `3`. */
export function versionFromIfMatch(header: string | undefined): number {
  if (!header) {
    throw new ProblemError(
      'precondition-required',
      'Send If-Match with the ETag you read, so a concurrent change is not overwritten.',
    );
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw invalidField('headers', 'if-match', 'must be an ETag this API returned, e.g. "3"');
  }
  return Number(match[1]);
}
