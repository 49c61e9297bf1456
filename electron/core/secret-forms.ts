/**
 * The encodings a credential can travel in, as literal strings to search for: raw, JSON-escaped,
 * URL-encoded, and base64 (standard and URL-safe) of the secret wherever it sits in a longer value,
 * one level of base64 inside base64 included (a dockerconfigjson Secret's `auth` field).
 */

import { MIN_SECRET_LENGTH } from '../shared/contract/credentials';

export { MIN_SECRET_LENGTH };

/** Shortest derived form worth searching for (shorter cores would match unrelated base64). */
const MIN_FORM_LENGTH = 6;

/**
 * The part of base64(prefix + bytes + suffix) that depends on `bytes` alone, for each of the three
 * positions `bytes` can start at relative to base64's 3-byte groups. Characters that mix in unknown
 * neighbouring bytes are cut off at both ends.
 */
export function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const whole = padded.length - (padded.length % 3); // groups that end inside `bytes`
    const text = padded.subarray(0, whole).toString('base64');
    const skip = offset === 0 ? 0 : offset + 1; // characters touched by the padding bytes
    const core = text.slice(skip);
    if (core.length >= MIN_FORM_LENGTH) cores.push(core);
  }
  return cores;
}

const urlSafe = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_');

/** Every literal form of the secret to redact (longest first is the caller's business). */
export function secretForms(secret: string, username?: string): string[] {
  const raw = Buffer.from(secret);
  // Whole values (with their padding) first, so a redacted auth field leaves no stray '='.
  const whole = [raw.toString('base64')];
  if (username !== undefined) whole.push(Buffer.from(`${username}:${secret}`).toString('base64'));
  const once = [...whole, ...base64Cores(raw)];
  const twice = once.flatMap((form) => base64Cores(Buffer.from(form)));
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), ...once, ...twice];
  return [...new Set([...forms, ...forms.map(urlSafe)])].filter(
    (f) => f.length >= MIN_FORM_LENGTH || f === secret,
  );
}
