import crypto from 'node:crypto';

/**
 * File names for outputs named after what departments wrote (an agency, a submitted file's
 * name). A name must stand for exactly one original and fit the file system's 255-byte limit
 * with the suffixes the store adds (`.json`, a history stamp and hash, `.reason.json`, a
 * temporary file's digits).
 */

/** Bytes a safe name may take: 255 less the longest suffix the store adds (history: about 60 bytes, a temporary name's 15 more). */
export const SAFE_NAME_BYTES = 160;

/** What a file name can not hold here or on the file systems reports are copied to (and control characters). */
const FORBIDDEN = /[\\/:*?"<>|\u0000-\u001f\u007f]/;

/** Half a UTF-16 pair: it has no UTF-8 form, so it can not be in a file name as written. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The tail a hashed name ends with: a readable name of this form is hashed too, so no two names meet. */
const HASHED = /~[0-9a-f]{10}$/;

/**
 * A name kept as it is when it is already a safe, short file name; otherwise its forbidden
 * characters become `_`, it is cut to fit, and `~` and the first 10 hex digits of the
 * original's sha256 (over its UTF-16 code units, so even ill-formed names stay apart) are appended, so names that differ only in what was replaced or cut
 * (`财政/局` and `财政_局`, two names sharing their first 120 characters) stay two files.
 */
export function safeName(name: string): string {
  if (isReadable(name)) return name;
  const hash = crypto.createHash('sha256').update(Buffer.from(name, 'utf16le')).digest('hex').slice(0, 10);
  const cleaned = name.replace(new RegExp(FORBIDDEN, 'g'), '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length)).replace(new RegExp(LONE_SURROGATE, 'g'), '_');
  return `${truncateBytes(cleaned, SAFE_NAME_BYTES - 11)}~${hash}`;
}

function isReadable(name: string): boolean {
  return (
    name.length > 0 &&
    !FORBIDDEN.test(name) &&
    !name.startsWith('.') &&
    !HASHED.test(name) &&
    !LONE_SURROGATE.test(name) &&
    Buffer.byteLength(name, 'utf8') <= SAFE_NAME_BYTES
  );
}

/** The longest start of `text` within `budget` UTF-8 bytes, never cutting a character in two. */
export function truncateBytes(text: string, budget: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    end += ch.length;
  }
  return text.slice(0, end);
}
