/** A parsed `WWW-Authenticate` header from a registry's /v2/ endpoint. */
export type Challenge =
  | { scheme: 'basic'; realm: string | null }
  | { scheme: 'bearer'; realm: string; service: string | null; scope: string | null; error: string | null }
  | { scheme: 'other'; raw: string };

/**
 * Parses the first challenge of a WWW-Authenticate header (registries send one), e.g.
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io"` or `Basic realm="Registry"`.
 */
export function parseChallenge(header: string | null): Challenge | null {
  if (!header) return null;
  const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!m) return null;
  const scheme = (m[1] ?? '').toLowerCase();
  const params = parseParams(m[2] ?? '');
  if (scheme === 'basic') return { scheme: 'basic', realm: params.realm ?? null };
  if (scheme === 'bearer' && params.realm) {
    return {
      scheme: 'bearer',
      realm: params.realm,
      service: params.service ?? null,
      scope: params.scope ?? null,
      error: params.error ?? null,
    };
  }
  return { scheme: 'other', raw: header.slice(0, 200) };
}

function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const m of text.matchAll(re)) {
    const key = (m[1] ?? '').toLowerCase();
    out[key] ??= m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  return out;
}
