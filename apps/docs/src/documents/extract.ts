/** A document that can never be processed: retrying will not help, so it fails at once. */
export class PoisonDocumentError extends Error {
  override name = 'PoisonDocumentError';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function decode(content: Buffer): string {
  if (content.includes(0)) throw new PoisonDocumentError('The file is binary (it contains NUL bytes), not text.');
  try {
    return decoder.decode(content);
  } catch {
    throw new PoisonDocumentError('The file is not valid UTF-8 text.');
  }
}

function jsonText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(jsonText);
  if (value && typeof value === 'object') return Object.values(value).flatMap(jsonText);
  return [];
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

/** Where a tag can start: `<` then a letter, `/`, `!` or `?`, as HTML tokenises it; `1 < 2` is text. */
const TAG_START = /<[a-z/!?]/gi;
const RAW_TEXT = /^<(script|style)\b/i;

/**
 * The text of an HTML document in one left-to-right pass: every search starts where the last
 * one ended and an unclosed tag or script ends the document, so hostile input (a MiB of `<`
 * with no `>`) costs linear time. A regular expression such as `/<[^>]+>/g` rescans the rest
 * of the text from every `<`, which took minutes on such input and froze the service.
 */
function htmlText(html: string): string {
  let text = '';
  let at = 0;
  TAG_START.lastIndex = 0;
  for (let match = TAG_START.exec(html); match; match = TAG_START.exec(html)) {
    text += `${html.slice(at, match.index)} `;
    at = html.length; // unless the tag closes, it runs to the end of the document
    let close = html.indexOf('>', match.index);
    const rawText = RAW_TEXT.exec(html.slice(match.index, match.index + 8))?.[1];
    if (close !== -1 && rawText) {
      // A script or style runs to its closing tag, whatever `<` it holds.
      const closing = new RegExp(`</${rawText}`, 'gi');
      closing.lastIndex = close;
      const end = closing.exec(html);
      close = end ? html.indexOf('>', end.index) : -1;
    }
    if (close === -1) break;
    at = close + 1;
    TAG_START.lastIndex = at;
  }
  text += html.slice(at);
  return text.replace(/&[a-z#0-9]+;/gi, (entity) => ENTITIES[entity] ?? ' ');
}

/** Control characters other than tab and newline: PostgreSQL refuses NUL in text, and none of them is text. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Plain text from an uploaded file, by its content type. */
export function extractText(content: Buffer, contentType: string): string {
  const text = decode(content);
  let plain: string;
  if (contentType === 'application/json') {
    try {
      plain = jsonText(JSON.parse(text)).join('\n');
    } catch {
      throw new PoisonDocumentError('The file is not valid JSON.');
    }
  } else if (contentType === 'text/html') {
    plain = htmlText(text);
  } else {
    plain = text;
  }
  const normalised = plain
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!normalised) throw new PoisonDocumentError('The file has no text in it.');
  return normalised;
}

/**
 * Splits text into chunks of about `size` characters that overlap by `overlap`, cutting at
 * whitespace where possible so words stay whole.
 */
export function chunkText(text: string, size: number, overlap: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    // Each search looks only inside the chunk, so text without spaces stays linear.
    if (end < text.length) {
      const space = text.slice(start, end + 1).lastIndexOf(' ');
      if (space > size / 2) end = start + space;
    }
    chunks.push(text.slice(start, end).trim());
    if (end >= text.length) break;
    start = Math.max(end - overlap, start + 1);
    const space = text.slice(start, end).indexOf(' ');
    if (space !== -1) start += space + 1;
  }
  return chunks.filter(Boolean);
}
