import { describe, expect, it } from 'vitest';
import { etagOf, versionFromIfMatch } from './etag.js';

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['W/"3"', 3],
    ['7', 7],
  ])('reads %s as version %i', (header, version) => {
    expect(versionFromIfMatch(header)).toBe(version);
  });

  it('is required (428) for a conditional update', () => {
    expect(() => versionFromIfMatch(undefined)).toThrow(expect.objectContaining({ status: 428 }));
  });

  it('refuses something that is not an ETag of ours with 400', () => {
    expect(() => versionFromIfMatch('"abc"')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('writes the version as a strong ETag', () => {
    expect(etagOf(4)).toBe('"4"');
  });
});
