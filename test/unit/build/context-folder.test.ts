import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildRequest } from '../../../electron/shared/contract/build-request';
import { validateBuildRequest } from '../../../electron/services/build/logic/validate-request';
import { planClusterBuild } from '../../../electron/services/kubernetes/build-plan';
import { AppError } from '../../../electron/shared/errors';

const home = os.homedir();
const links = mkdtempSync(path.join(os.tmpdir(), 'kd-ctx-'));
const homeLink = path.join(links, 'home-link');
symlinkSync(home, homeLink);
afterAll(() => rmSync(links, { recursive: true, force: true }));

const REFUSED: [string, RegExp][] = [
  ['/', /whole file system|contains your home/],
  [home, /home folder itself/],
  [homeLink, /home folder itself/],
  [path.dirname(home), /contains your home|whole file system/],
  ['/etc', /system folder/],
  ['/usr', /system folder/],
  ['/proc/self', /system folder/],
  [path.join(home, '.ssh'), /keys or credentials/],
];

const request = (contextDir: string) => BuildRequest.parse({ contextDir, repository: 'alice/app' });

describe('a build context must not be the file system, the home folder or a system folder', () => {
  it.each(REFUSED)('the desktop build refuses %s', (dir, message) => {
    const r = validateBuildRequest(request(dir), dir, {
      probe: { exists: (_p, kind) => kind === 'directory', realpath: (p) => (p === homeLink ? home : p) },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fields.contextDir).toMatch(message);
  });

  it.each(REFUSED.filter(([dir]) => dir !== path.join(home, '.ssh')))(
    'the Kubernetes export refuses %s',
    (dir, message) => {
      let caught: unknown;
      try {
        planClusterBuild(request(dir), { contextKind: 'archive', contextDir: dir, logFormat: 'text' });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).fields?.contextDir).toMatch(message);
    },
  );

  it('a project folder inside home is fine', () => {
    const dir = path.join(home, 'projects', 'site');
    const r = validateBuildRequest(request(dir), dir, {
      probe: { exists: (p, kind) => kind === 'directory' || p.endsWith('Dockerfile') },
    });
    expect(r.ok ? null : r.fields.contextDir).toBeNull();
  });
});
