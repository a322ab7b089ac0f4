/**
 * A client's file name made safe to keep and show: the last path segment only, no control
 * characters, at most 200 characters. Files are stored by hash, so the name never becomes a
 * path; this keeps `../../etc/passwd` from even looking like one.
 */
export function safeFileName(name: string | undefined): string {
  const last = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = last
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'unnamed';
}
