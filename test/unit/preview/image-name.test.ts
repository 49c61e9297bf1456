import { describe, expect, test } from 'vitest';
import { qualifyImageName } from '../../../electron/services/preview/image-name';

describe('qualifyImageName', () => {
  test.each([
    ['nginx', 'docker.io/library/nginx:latest', 'docker.io'],
    ['alice/app:1.2', 'docker.io/alice/app:1.2', 'docker.io'],
    ['index.docker.io/alice/app', 'docker.io/alice/app:latest', 'docker.io'],
    ['localhost/kd-busybox', 'localhost/kd-busybox:latest', 'localhost'],
    ['127.0.0.1:5000/team/app:v1', '127.0.0.1:5000/team/app:v1', '127.0.0.1:5000'],
    ['ghcr.io/o/r/sub:x', 'ghcr.io/o/r/sub:x', 'ghcr.io'],
    ['localhost:5000/app', 'localhost:5000/app:latest', 'localhost:5000'],
  ])('%s → %s', (input, ref, registry) => {
    const q = qualifyImageName(input);
    expect(q.ref).toBe(ref);
    expect(q.registry).toBe(registry);
  });

  test('keeps a digest and adds no tag to it', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(qualifyImageName(`nginx@${digest}`).ref).toBe(`docker.io/library/nginx@${digest}`);
  });

  test.each(['', 'UPPER/case', 'a b', 'nginx:bad tag', 'nginx@sha256:zz', 'x/../y', 'bad host!/x'])(
    'rejects %j with a VALIDATION error on the image field',
    (input) => {
      expect(() => qualifyImageName(input)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
      try {
        qualifyImageName(input);
      } catch (err) {
        expect((err as { fields?: Record<string, string> }).fields?.image).toBeTruthy();
      }
    },
  );
});
