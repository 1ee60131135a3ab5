/**
 * Text the store keeps as it is given, on either dialect: PostgreSQL's text cannot hold U+0000 (NUL),
 * SQLite's can. A key (a file path, an S3 key) is a file's identity: one holding NUL is refused with
 * this error on both dialects rather than stored changed (no path can hold NUL, and S3 keys hold no
 * control characters in practice). Such a key is never stored, so a look-up of it finds nothing
 * without asking the database (on PostgreSQL the query would fail, and with it the look-up of every
 * other key of its batch).
 */
export function refuseNul(what: string, value: string): void {
  if (holdsNul(value)) throw new RangeError(`${what} ${JSON.stringify(value)} holds U+0000 (NUL), which the store cannot keep`);
}

/** A message kept for people (a file's error, which may quote its bytes): a NUL in it is kept as the two characters `\0`. */
export function withoutNul(message: string | null): string | null {
  return message !== null && holdsNul(message) ? message.replaceAll('\0', '\\0') : message;
}

export function holdsNul(value: string): boolean {
  return value.includes('\0');
}
