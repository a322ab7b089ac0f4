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
    plain = text
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&[a-z#0-9]+;/gi, (entity) => ENTITIES[entity] ?? ' ');
  } else {
    plain = text;
  }
  const normalised = plain
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
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start + size / 2) end = space;
    }
    chunks.push(text.slice(start, end).trim());
    if (end >= text.length) break;
    start = Math.max(end - overlap, start + 1);
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < end) start = space + 1;
  }
  return chunks.filter(Boolean);
}
