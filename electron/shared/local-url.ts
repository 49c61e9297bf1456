/** True only for http(s) URLs whose host is exactly localhost or 127.0.0.1 (no suffix tricks). */
export function isLocalWebUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1';
}
