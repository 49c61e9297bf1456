import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBuild } from '../../../electron/services/build/runner/build-plan';
import { BuildRequest } from '../../../electron/shared/contract/build-request';

describe('the layer cache on the desktop route', () => {
  it('is refused with a field error (Kaniko wants a --cache-repo next to --no-push), the rest plans', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kd-cache-plan-'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine\nRUN true\n');
    const req = (cache: boolean) =>
      BuildRequest.parse({ contextDir: dir, repository: 'app', mode: 'local', cache });
    const inputs = { executorImage: 'localhost/kaniko:test', defaultContextDir: dir };
    expect(() => planBuild(req(true), inputs)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        fields: { cache: expect.stringMatching(/cache repository/) },
      }),
    );
    expect(planBuild(req(false), inputs).plan.args).not.toContain('--cache=true');
  });
});
