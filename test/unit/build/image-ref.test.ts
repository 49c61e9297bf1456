import { describe, expect, it } from 'vitest';
import {
  authKeyForRegistry,
  buildDestinations,
  checkRegistry,
  checkTag,
  isLoopbackRegistry,
  parseImageRef,
  requireImageRef,
  suggestRepository,
} from '../../../electron/services/build/logic/image-ref';
import { IPV6_REGISTRY_ERROR } from '../../../electron/services/credentials/registry-host';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function ok(input: string) {
  const r = parseImageRef(input);
  if (!r.ok) throw new Error(`expected ${input} to parse: ${r.error}`);
  return r.ref;
}

function err(input: string) {
  const r = parseImageRef(input);
  if (r.ok) throw new Error(`expected ${input} to fail, got ${r.ref.full}`);
  return r.error;
}

describe('parseImageRef', () => {
  it('normalises familiar names to docker.io/library with the default tag', () => {
    expect(ok('nginx')).toEqual({
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: 'latest',
      digest: null,
      full: 'docker.io/library/nginx:latest',
    });
  });

  it('keeps a user namespace and explicit tag', () => {
    expect(ok('alice/kaniko-nginx:1.0').full).toBe('docker.io/alice/kaniko-nginx:1.0');
  });

  it.each(['index.docker.io', 'registry-1.docker.io', 'docker.io'])('maps %s to docker.io', (host) => {
    expect(ok(`${host}/alice/app`).full).toBe('docker.io/alice/app:latest');
    expect(ok(`${host}/nginx`).repository).toBe('library/nginx');
  });

  it('treats the first component as a registry only with a dot, a port or localhost', () => {
    expect(ok('127.0.0.1:5000/team/app:dev')).toMatchObject({
      registry: '127.0.0.1:5000',
      repository: 'team/app',
      tag: 'dev',
    });
    expect(ok('localhost/app').registry).toBe('localhost');
    expect(ok('ghcr.io/o/r').registry).toBe('ghcr.io');
    expect(ok('team/app').registry).toBe('docker.io');
  });

  it('keeps digests and does not invent a tag for digest-only refs', () => {
    expect(ok(`ghcr.io/o/r@${DIGEST}`)).toMatchObject({
      tag: null,
      digest: DIGEST,
      full: `ghcr.io/o/r@${DIGEST}`,
    });
    expect(ok(`alice/app:1@${DIGEST}`).full).toBe(`docker.io/alice/app:1@${DIGEST}`);
  });

  it('explains uppercase with a lowercase suggestion', () => {
    expect(err('Alice/Kaniko-Nginx')).toBe("Repository names must be lowercase: try 'alice/kaniko-nginx'.");
  });

  it('explains bad tags, digests, ids, schemes, spaces and empty input in plain words', () => {
    expect(err('nginx:.bad')).toMatch(/cannot start with '\.' or '-'.*'\.bad'/);
    expect(err('nginx@sha256:abc')).toMatch(/digest after '@' is not valid/);
    expect(err('a'.repeat(64).replace(/a/g, 'f'))).toMatch(/image ID/);
    expect(err('https://ghcr.io/o/r')).toBe("Leave out the scheme: try 'ghcr.io/o/r'.");
    expect(err('my app')).toMatch(/spaces/);
    expect(err('  ')).toMatch(/Enter an image name/);
  });

  it('follows the path-component grammar (no doubled or mixed separators)', () => {
    for (const bad of ['a//b', 'foo_-bar', 'foo..bar', '-foo', 'foo-', 'foo___bar']) {
      expect(parseImageRef(bad).ok, bad).toBe(false);
    }
    for (const good of ['foo__bar', 'foo---bar', 'a.b_c-d/e', 'a1/b2/c3']) {
      expect(parseImageRef(good).ok, good).toBe(true);
    }
  });

  it('refuses names longer than 255 characters', () => {
    expect(err(`a/${'b'.repeat(260)}`)).toMatch(/255/);
  });
});

describe('buildDestinations', () => {
  it('gives one fully qualified ref per tag', () => {
    const r = buildDestinations('docker.io', 'alice/kaniko-nginx', ['latest', 'v1']);
    expect(r.ok && r.refs.map((x) => x.full)).toEqual([
      'docker.io/alice/kaniko-nginx:latest',
      'docker.io/alice/kaniko-nginx:v1',
    ]);
  });

  it('normalises index.docker.io and a registry host with a port', () => {
    const hub = buildDestinations('index.docker.io', 'alice/app', ['1']);
    expect(hub.ok && hub.refs[0]?.full).toBe('docker.io/alice/app:1');
    const local = buildDestinations('127.0.0.1:5000', 'app', ['t']);
    expect(local.ok && local.refs[0]?.full).toBe('127.0.0.1:5000/app:t');
  });

  it('keys errors by form field', () => {
    const r = buildDestinations('https://ghcr.io/', 'Alice/Kaniko_Nginx', ['ok', '', 'ok', '-x']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fields).toEqual({
      registry: "Enter only the registry host: try 'ghcr.io'.",
      repository: "Repository names must be lowercase: try 'alice/kaniko_nginx'.",
      'tags.1': 'Enter a tag, e.g. latest or 1.0.',
      'tags.2': "The tag 'ok' is listed twice.",
      'tags.3': expect.stringMatching(/cannot start with/),
    });
  });

  it('asks for a Docker ID namespace on Docker Hub when pushing', () => {
    const r = buildDestinations('docker.io', 'kaniko-nginx', ['latest'], {
      requireNamespaceOnDockerHub: true,
      dockerHubUser: 'Alice',
    });
    expect(r).toEqual({
      ok: false,
      fields: { repository: "Docker Hub repositories start with your Docker ID: try 'alice/kaniko-nginx'." },
    });
    const other = buildDestinations('ghcr.io', 'kaniko-nginx', ['latest'], {
      requireNamespaceOnDockerHub: true,
    });
    expect(other.ok).toBe(true);
  });

  it('rejects a tag or digest typed into the repository field', () => {
    const r = buildDestinations('docker.io', 'alice/app:1', ['latest']);
    expect(!r.ok && r.fields.repository).toMatch(/Tags field/);
  });

  it('needs at least one tag', () => {
    const r = buildDestinations('docker.io', 'alice/app', []);
    expect(!r.ok && r.fields['tags.0']).toMatch(/at least one tag/);
  });

  it('suggests a grammar-valid repository for invalid characters', () => {
    const r = buildDestinations('docker.io', 'alice/my app!', ['latest']);
    expect(!r.ok && r.fields.repository).toMatch(/try 'alice\/my-app'/);
  });
});

describe('registry helpers', () => {
  it('uses the v1 URL as the Docker Hub auth key and the host elsewhere', () => {
    expect(authKeyForRegistry('docker.io')).toBe('https://index.docker.io/v1/');
    expect(authKeyForRegistry('index.docker.io')).toBe('https://index.docker.io/v1/');
    expect(authKeyForRegistry('ghcr.io')).toBe('ghcr.io');
    expect(authKeyForRegistry('127.0.0.1:5000')).toBe('127.0.0.1:5000');
  });

  it('recognises loopback registries', () => {
    expect(isLoopbackRegistry('127.0.0.1:5000')).toBe(true);
    expect(isLoopbackRegistry('localhost:5000')).toBe(true);
    expect(isLoopbackRegistry('localhost')).toBe(true);
    expect(isLoopbackRegistry('ghcr.io')).toBe(false);
    expect(isLoopbackRegistry('127.example.com')).toBe(false);
  });

  it('checks tags and registries on their own', () => {
    expect(checkTag('v1.2_3-rc')).toBeNull();
    expect(checkTag('x'.repeat(129))).toMatch(/128/);
    expect(checkRegistry('ghcr.io')).toBeNull();
    expect(checkRegistry('host:5000')).toBeNull();
    expect(checkRegistry('bad_host')).toMatch(/not a valid registry host/);
    expect(checkRegistry('')).toMatch(/Enter a registry host/);
    expect(checkRegistry('host:65535')).toBeNull();
    for (const bad of ['host:99999', 'host:0', '127.0.0.1:65536']) {
      expect(checkRegistry(bad)).toBe(`'${bad}' has no valid port: a port is a number from 1 to 65535.`);
    }
    expect(parseImageRef('localhost:70000/app:1')).toEqual({
      ok: false,
      error: "'localhost:70000' has no valid port: a port is a number from 1 to 65535.",
    });
  });

  it('suggests lowercase, separator-clean names', () => {
    expect(suggestRepository(' Alice//My__App-- ')).toBe('alice/my_app');
  });
});

describe('lowercase suggestions keep the registry host', () => {
  it('suggests a lowercase path after a host with a port', () => {
    const r = parseImageRef('localhost:5000/Alice/App:1');
    expect(!r.ok && r.error).toBe("Repository names must be lowercase: try 'localhost:5000/alice/app'.");
  });
});

describe('one parser for every image field', () => {
  it('refuses what the old Previews parser let through', () => {
    expect(err('a'.repeat(64))).toMatch(/image ID/);
    expect(err(`alice/${'a'.repeat(260)}`)).toMatch(/at most 255/);
    expect(err(`nginx@md5:${'a'.repeat(32)}`)).toMatch(/digest/);
    expect(err(`nginx@sha256:${'a'.repeat(40)}`)).toMatch(/digest/);
  });

  it.each(['[::1]:5000/app', '[fc00::1]:5000/team/app:1'])('refuses the IPv6 host in %s', (ref) => {
    expect(err(ref)).toBe(IPV6_REGISTRY_ERROR);
    expect(checkRegistry(ref.split('/')[0] ?? '')).toBe(IPV6_REGISTRY_ERROR);
  });

  it('throws a VALIDATION error that marks the named field', () => {
    expect(requireImageRef('localhost/kd-busybox', 'image').full).toBe('localhost/kd-busybox:latest');
    expect(() => requireImageRef('UPPER/case', 'image')).toThrow(
      expect.objectContaining({ code: 'VALIDATION', fields: { image: expect.stringMatching(/lowercase/) } }),
    );
  });
});
