import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Approvals } from '../../../electron/app/confirm';
import { kubernetesHandlers } from '../../../electron/app/handlers/kubernetes';
import { EventHub } from '../../../electron/core/event-hub';
import { Redactor } from '../../../electron/core/redactor';
import { TaskManager } from '../../../electron/core/task-manager';
import { KubernetesService } from '../../../electron/services/kubernetes/kubernetes-service';
import { BuildRequest } from '../../../electron/shared/contract/build-request';
import { requests } from '../../../electron/shared/contract';

const TOKEN = 'ghp_0123456789abcdefSECRET';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'kd-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ctxDir = path.join(tmp, 'site');
mkdirSync(ctxDir);
writeFileSync(path.join(ctxDir, 'Dockerfile'), 'FROM nginx\nCOPY index.html /usr/share/nginx/html/\n');
writeFileSync(path.join(ctxDir, 'index.html'), 'hi');

/** Every string in a value, and every base64 in it decoded (twice), flattened to one text. */
function everything(value: unknown): string {
  const text = JSON.stringify(value);
  const decode = (s: string) =>
    [...s.matchAll(/[A-Za-z0-9+/=]{12,}/g)]
      .map((m) => Buffer.from(m[0], 'base64').toString('latin1'))
      .join(' ');
  const once = decode(text);
  return `${text} ${once} ${decode(once)}`;
}

function setup(pickFolder?: () => Promise<string | null>) {
  const k8s = new KubernetesService({
    tasks: new TaskManager(new EventHub(new Redactor())),
    getAuth: () => ({ username: 'alice', secret: TOKEN }),
    executorImage: () => 'ghcr.io/osscontainertools/kaniko:v1.28.5',
    bundledContext: () => ctxDir,
    publishFinished: () => undefined,
  });
  return kubernetesHandlers(k8s, {
    approvals: new Approvals(async () => true),
    pickFile: undefined,
    pickFolder,
    defaultExecutorImage: 'ghcr.io/osscontainertools/kaniko:v1.28.5',
  });
}

const params = {
  build: BuildRequest.parse({
    contextDir: ctxDir,
    registry: 'ghcr.io',
    repository: 'alice/site',
    mode: 'push',
  }),
  secretMode: 'credentials',
};
const ctx = { transport: 'browser' as const };

describe('the page never receives a saved secret', () => {
  it('kubernetes.export answers with a placeholder Secret, whatever it is asked', async () => {
    const h = setup();
    const parsed = requests['kubernetes.export'].params.parse(params);
    const out = await h['kubernetes.export'](parsed, ctx);
    expect(everything(out)).not.toContain(TOKEN);
    expect(out.files.find((f) => f.name === 'secret.yaml')?.content).toContain('REPLACE_WITH');
  });

  it('desktop: main writes the bundle with the credential into the folder chosen in the dialog (stand-in dialog)', async () => {
    const folder = path.join(tmp, 'out');
    mkdirSync(folder);
    const h = setup(async () => folder);
    const out = await h['kubernetes.saveBundle'](requests['kubernetes.saveBundle'].params.parse(params), ctx);
    expect(everything(out)).not.toContain(TOKEN);
    expect(out).toMatchObject({ folder, containsSecret: true });
    expect(readdirSync(folder).sort()).toEqual([...out.files].sort());
    const secret = parse(readFileSync(path.join(folder, 'secret.yaml'), 'utf8')) as {
      data: Record<string, string>;
    };
    const config = Buffer.from(secret.data['.dockerconfigjson'] ?? '', 'base64').toString();
    expect(Buffer.from(JSON.parse(config).auths['ghcr.io'].auth, 'base64').toString()).toBe(`alice:${TOKEN}`);
    expect(statSync(path.join(folder, 'secret.yaml')).mode & 0o777).toBe(0o600);
    // A second save into the same folder overwrites nothing.
    await expect(
      h['kubernetes.saveBundle'](requests['kubernetes.saveBundle'].params.parse(params), ctx),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('browser mode: saving with credentials is refused, pointing to the placeholder export', async () => {
    const h = setup(undefined);
    const err = await h['kubernetes.saveBundle'](
      requests['kubernetes.saveBundle'].params.parse(params),
      ctx,
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', hint: expect.stringContaining('kubectl') });
  });
});
