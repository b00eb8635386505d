/**
 * `Content-Disposition: attachment` for any file name (RFC 6266 with RFC 5987's `filename*`):
 * an ASCII `filename` for old clients, and the exact name percent-encoded as UTF-8. A raw name
 * outside Latin-1 in a header makes Node throw, which once left an export's cursor connection
 * checked out of the pool for good.
 */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  // encodeURIComponent leaves a few characters RFC 5987's attr-char does not allow.
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
