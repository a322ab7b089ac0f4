import { describe, expect, it } from 'vitest';
import { etagOf, versionFromIfMatch } from './etag.js';

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['W/"3"', 3],
    ['7', 7],
    [' "12" ', 12],
    ['"123456789"', 123456789],
  ])('reads %s as version %i', (header, version) => {
    expect(versionFromIfMatch(header)).toBe(version);
  });

  it('is required (428) for a conditional update', () => {
    expect(() => versionFromIfMatch(undefined)).toThrow(expect.objectContaining({ status: 428 }));
  });

  it('is required (428) for a conditional update, and says what to send', () => {
    expect(() => versionFromIfMatch('')).toThrow('Send If-Match with the ETag you read');
  });

  it.each(['"abc"', 'x"3"', '"3"x', '"1234567890"'])(
    'refuses %s, which is not an ETag of ours, with 400 naming the header',
    (header) => {
      expect(() => versionFromIfMatch(header)).toThrow(expect.objectContaining({ status: 400 }));
      expect(() => versionFromIfMatch(header)).toThrow('headers.if-match must be an ETag this API returned');
    },
  );

  it('writes the version as a strong ETag', () => {
    expect(etagOf(4)).toBe('"4"');
  });
});
