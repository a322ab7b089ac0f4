import { describe, expect, it } from 'vitest';
import { chunkText, extractText, PoisonDocumentError } from './extract.js';

describe('extractText', () => {
  it('keeps text and Markdown as they are', () => {
    expect(extractText(Buffer.from('# Title\n\nBody text.'), 'text/markdown')).toBe('# Title\n\nBody text.');
  });

  it('strips HTML tags, scripts and entities', () => {
    expect(extractText(Buffer.from('<p>Fish &amp; chips</p><script>alert(1)</script>'), 'text/html')).toBe(
      'Fish & chips',
    );
  });

  it('keeps the text around an unclosed tag or script, and the case of the closing tag does not matter', () => {
    expect(extractText(Buffer.from('<p>a <b>b</b> 1 < 2 <SCRIPT>x</Script> c <style>never closed'), 'text/html')).toBe(
      'a b 1 < 2 c',
    );
  });

  // Hostile input bounded by a timeout, not timed: quadratic scans took minutes on these.
  it('reads 256 KiB of "<" without ">", or of unclosed scripts, in one pass', { timeout: 2000 }, () => {
    expect(extractText(Buffer.from(`x${'<'.repeat(256 * 1024)}`), 'text/html')).toBe(`x${'<'.repeat(256 * 1024)}`);
    expect(extractText(Buffer.from(`y${'<script>'.repeat(32 * 1024)}`), 'text/html')).toBe('y');
  });

  it('drops NUL and other control characters that escaped JSON can carry', () => {
    expect(extractText(Buffer.from('{"t": "a\\u0000b\\u0007c\\td"}'), 'application/json')).toBe('a b c d');
  });

  it('takes every string value of JSON', () => {
    expect(
      extractText(Buffer.from('{"title":"Tides","sections":[{"text":"The moon pulls"}],"n":3}'), 'application/json'),
    ).toBe('Tides\nThe moon pulls');
  });

  it.each([
    [Buffer.from([0x68, 0x00, 0x69]), 'text/plain', 'The file is binary (it contains NUL bytes), not text.'],
    [Buffer.from([0xff, 0xfe, 0x41]), 'text/plain', 'The file is not valid UTF-8 text.'],
    [Buffer.from('{"open": '), 'application/json', 'The file is not valid JSON.'],
    [Buffer.from('   \n  '), 'text/plain', 'The file has no text in it.'],
  ])('refuses poison input for good: %#', (content, type, reason) => {
    expect(() => extractText(content, type)).toThrow(new PoisonDocumentError(reason));
  });
});

describe('chunkText', () => {
  const text = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');

  it('covers the whole text in chunks no longer than the size, cut at spaces', () => {
    const chunks = chunkText(text, 100, 20);

    expect(chunks.every((chunk) => chunk.length <= 100)).toBe(true);
    expect(chunks.every((chunk) => /^word\d+( word\d+)*$/.test(chunk))).toBe(true);
    expect(new Set(chunks.join(' ').split(' '))).toEqual(new Set(text.split(' ')));
  });

  it('overlaps neighbouring chunks', () => {
    const [first, second] = chunkText(text, 100, 30);
    const lastWordOfFirst = first!.split(' ').at(-1)!;

    expect(second!.split(' ')).toContain(lastWordOfFirst);
  });

  it('chunks 4 MiB without a space in one pass', { timeout: 2000 }, () => {
    const chunks = chunkText('a'.repeat(4 * 1024 * 1024), 400, 50);

    expect(chunks.every((chunk) => chunk.length <= 400)).toBe(true);
    expect(chunks.length).toBeGreaterThan((4 * 1024 * 1024) / 400);
  });

  it('returns one chunk for a short text', () => {
    expect(chunkText('short text', 100, 10)).toEqual(['short text']);
  });
});
