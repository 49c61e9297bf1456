import { expect, test } from 'vitest';
import { isLocalWebUrl } from '../../../electron/shared/local-url';

test.each([
  ['http://localhost:8080/', true],
  ['https://127.0.0.1/x', true],
  ['http://localhost.evil.example/', false],
  ['http://evil-localhost/', false],
  ['http://127.0.0.1.nip.io/', false],
  ['file:///etc/passwd', false],
  ['javascript:alert(1)', false],
  ['http://user:pw@localhost/', false],
  ['http://[::1]:8080/', false],
  ['not a url', false],
])('%s → %s', (url, ok) => {
  expect(isLocalWebUrl(url)).toBe(ok);
});
