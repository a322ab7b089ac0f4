import { describe, expect, it } from 'vitest';
import { safeFileName } from './file-names.js';

describe('safeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system.ini', 'system.ini'],
    ['notes\u0000.md', 'notes.md'],
    ['..', 'unnamed'],
    ['.hidden', 'hidden'],
    [undefined, 'unnamed'],
    ['report 2026.md', 'report 2026.md'],
  ])('%j -> %j', (name, safe) => {
    expect(safeFileName(name)).toBe(safe);
  });
});
