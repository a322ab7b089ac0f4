import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('page cursors', () => {
  it('round-trip a position', () => {
    const cursor = { createdAt: '2026-11-25T10:00:00.123Z', id: '0b6d7f0e-4a0c-4a54-9a51-6f1c8e7b2d10' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    '',
    'not-base64-json',
    Buffer.from('["yesterday","x"]').toString('base64url'),
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["2026-02-30T00:00:00.000Z","0b6d7f0e-4a0c-4a54-9a51-6f1c8e7b2d10"]').toString('base64url'),
    Buffer.from('["2026-01-01T00:00:00Z","0b6d7f0e-4a0c-4a54-9a51-6f1c8e7b2d10"]').toString('base64url'),
    Buffer.from('["2026-01-01T00:00:00.000Z","0b6d7f0e4a0c-4a54-9a51-6f1c8e7b2d10-"]').toString('base64url'),
    // Two fields and nothing else, in an array: not an object that looks like one, nor a longer list.
    Buffer.from('{"0":"2026-01-01T00:00:00.000Z","1":"0b6d7f0e-4a0c-4a54-9a51-6f1c8e7b2d10","length":2}').toString(
      'base64url',
    ),
    Buffer.from('["2026-01-01T00:00:00.000Z","0b6d7f0e-4a0c-4a54-9a51-6f1c8e7b2d10","x"]').toString('base64url'),
  ])('refuse %j with a 400 naming the cursor', (value) => {
    expect(() => decodeCursor(value)).toThrow('querystring.cursor is not a cursor this API returned');
  });
});
