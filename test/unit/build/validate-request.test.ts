import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildRequest } from '../../../electron/shared/contract/build-request';
import type { BuildRequestInput } from '../../../electron/shared/contract/build-request';
import {
  validateBuildRequest,
  type FileProbe,
} from '../../../electron/services/build/logic/validate-request';

const CTX = '/home/alice/site';

/** In-memory probe: the listed files exist (with text), CTX is a folder. */
function probe(files: Record<string, string>): FileProbe {
  return {
    exists: (p, kind) => (kind === 'directory' ? p === CTX : p in files),
    readText: (p) => files[p] ?? '',
  };
}

const DOCKERFILE = 'FROM golang AS build\nRUN go build\nFROM alpine AS runtime\nCOPY --from=build /a /a\n';
const files = { [`${CTX}/Dockerfile`]: DOCKERFILE, [`${CTX}/docker/Dockerfile.dev`]: 'FROM alpine\n' };

function validate(input: BuildRequestInput, contextDir = CTX, p = probe(files)) {
  return validateBuildRequest(BuildRequest.parse(input), contextDir, { probe: p, dockerHubUser: 'alice' });
}

describe('validateBuildRequest', () => {
  it('refuses a .dockerignore Docker would refuse, naming the line, before anything runs', () => {
    const withIgnore = { ...files, [`${CTX}/.dockerignore`]: 'node_modules\n[x-]\n' };
    const r = validate({ repository: 'alice/app' }, CTX, probe(withIgnore));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fields.contextDir).toMatch(/Line 2 of \.dockerignore \('\[x-\]'\)/);
  });

  it('produces a plan with destinations, normalised paths and the Dockerfile analysis', () => {
    const r = validate({
      contextDir: CTX,
      repository: 'alice/kaniko-nginx',
      tags: ['latest', '1.0'],
      mode: 'push',
      buildArgs: [{ key: ' GO_VERSION ', value: '1.22' }],
      target: 'Runtime',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.fields));
    expect(r.plan).toMatchObject({
      contextDir: CTX,
      dockerfile: 'Dockerfile',
      dockerfilePath: `${CTX}/Dockerfile`,
      buildArgs: [{ key: 'GO_VERSION', value: '1.22' }],
      target: 'runtime',
      mode: 'push',
      cache: false,
      insecureRegistries: [],
    });
    expect(r.plan.destinations.map((d) => d.full)).toEqual([
      'docker.io/alice/kaniko-nginx:latest',
      'docker.io/alice/kaniko-nginx:1.0',
    ]);
    expect(r.plan.analysis?.instructionCount).toBe(2);
  });

  it('names a local-only build localhost/<repo>:<tag> when no registry was entered', () => {
    const local = validate({ contextDir: CTX, repository: 'kaniko-nginx', tags: ['latest'], mode: 'local' });
    if (!local.ok) throw new Error(JSON.stringify(local.fields));
    expect(local.plan.destinations.map((d) => d.full)).toEqual(['localhost/kaniko-nginx:latest']);
    // A registry entered on purpose is kept, in either mode; a push without one goes to Docker Hub.
    const chosen = validate({
      contextDir: CTX,
      registry: 'docker.io',
      repository: 'alice/app',
      mode: 'local',
    });
    if (!chosen.ok) throw new Error(JSON.stringify(chosen.fields));
    expect(chosen.plan.destinations[0]?.full).toBe('docker.io/alice/app:latest');
    const push = validate({ contextDir: CTX, registry: ' ', repository: 'alice/app', mode: 'push' });
    if (!push.ok) throw new Error(JSON.stringify(push.fields));
    expect(push.plan.destinations[0]?.full).toBe('docker.io/alice/app:latest');
  });

  it('accepts a Dockerfile in a subfolder and marks loopback registries insecure', () => {
    const r = validate({
      dockerfile: './docker//Dockerfile.dev',
      registry: '127.0.0.1:5000',
      repository: 'app',
    });
    expect(r.ok && [r.plan.dockerfile, r.plan.insecureRegistries]).toEqual([
      'docker/Dockerfile.dev',
      ['127.0.0.1:5000'],
    ]);
  });

  it('keeps the Dockerfile inside the context', () => {
    expect(validate({ dockerfile: '/etc/Dockerfile' })).toMatchObject({
      ok: false,
      fields: { dockerfile: expect.stringMatching(/relative/) },
    });
    expect(validate({ dockerfile: 'C:\\x\\Dockerfile' })).toMatchObject({
      ok: false,
      fields: { dockerfile: expect.stringMatching(/relative/) },
    });
    expect(validate({ dockerfile: '../Dockerfile' })).toMatchObject({
      ok: false,
      fields: { dockerfile: expect.stringMatching(/inside the build folder/) },
    });
    expect(validate({ dockerfile: 'docker/../../x' })).toMatchObject({
      ok: false,
      fields: { dockerfile: expect.stringMatching(/inside/) },
    });
    expect(validate({ dockerfile: 'Missing' })).toMatchObject({
      ok: false,
      fields: { dockerfile: "There is no file 'Missing' in the build folder." },
    });
    expect(validate({ dockerfile: 'docker/' })).toMatchObject({
      ok: false,
      fields: { dockerfile: expect.stringMatching(/folder/) },
    });
  });

  it('checks the context folder', () => {
    expect(validate({}, 'relative/dir')).toMatchObject({
      ok: false,
      fields: { contextDir: expect.stringMatching(/full path/) },
    });
    expect(validate({}, '/nope')).toMatchObject({
      ok: false,
      fields: { contextDir: 'The folder /nope does not exist.' },
    });
  });

  it('keys build-arg problems by index and refuses duplicates', () => {
    const r = validate({
      repository: 'alice/app',
      buildArgs: [
        { key: 'OK_1', value: '' },
        { key: '1BAD', value: '' },
        { key: 'OK_1', value: 'again' },
        { key: '', value: 'x' },
        { key: 'has-dash', value: '' },
      ],
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.fields).sort()).toEqual([
      'buildArgs.1.key',
      'buildArgs.2.key',
      'buildArgs.3.key',
      'buildArgs.4.key',
    ]);
    expect(!r.ok && r.fields['buildArgs.2.key']).toBe("'OK_1' is already set above.");
  });

  it('checks the target is a stage of the Dockerfile', () => {
    expect(validate({ repository: 'alice/app', target: 'nope' })).toMatchObject({
      ok: false,
      fields: { target: "The Dockerfile has no stage 'nope': choose one of 'build', 'runtime'." },
    });
    expect(validate({ repository: 'alice/app', target: '1st' })).toMatchObject({
      ok: false,
      fields: { target: expect.stringMatching(/start with a letter/) },
    });
  });

  it('reports image reference problems with the form field keys', () => {
    const r = validate({
      registry: 'docker.io',
      repository: 'Kaniko-Nginx',
      tags: ['latest', 'bad tag'],
      mode: 'push',
    });
    expect(r).toEqual({
      ok: false,
      fields: {
        repository: "Repository names must be lowercase: try 'kaniko-nginx'.",
        'tags.1': expect.stringMatching(/Tags may contain/),
      },
    });
  });

  it('asks for a namespace when pushing to Docker Hub, but not for local builds', () => {
    expect(validate({ repository: 'kaniko-nginx', mode: 'push' })).toMatchObject({
      ok: false,
      fields: { repository: "Docker Hub repositories start with your Docker ID: try 'alice/kaniko-nginx'." },
    });
    expect(validate({ repository: 'kaniko-nginx', mode: 'local' }).ok).toBe(true);
  });
});

describe('validateBuildRequest with the real file system', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kd-validate-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'kd-outside-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine\n');
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(outside, 'Dockerfile'), 'FROM alpine\n');
  symlinkSync(path.join(outside, 'Dockerfile'), path.join(dir, 'Linked'));

  it('finds a real Dockerfile', () => {
    const r = validateBuildRequest(BuildRequest.parse({ repository: 'alice/app' }), dir);
    expect(r.ok && r.plan.analysis?.baseImages).toEqual(['alpine']);
  });

  it('refuses a folder named as the Dockerfile and a link that leaves the context', () => {
    const sub = validateBuildRequest(BuildRequest.parse({ dockerfile: 'sub', repository: 'alice/app' }), dir);
    expect(!sub.ok && sub.fields.dockerfile).toMatch(/no file/);
    const linked = validateBuildRequest(
      BuildRequest.parse({ dockerfile: 'Linked', repository: 'alice/app' }),
      dir,
    );
    expect(!linked.ok && linked.fields.dockerfile).toMatch(/outside the build folder/);
  });
});
