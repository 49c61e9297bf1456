import { describe, expect, it } from 'vitest';
import { parseChallenge } from '../../../electron/services/credentials/challenge';
import { dockerConfigJsonFor } from '../../../electron/services/credentials/docker-config';
import {
  dockerConfigKey,
  IPV6_REGISTRY_ERROR,
  isLoopbackRegistry,
  normalizeRegistry,
  registryApiBase,
} from '../../../electron/services/credentials/registry-host';
import { repositoryPath } from '../../../electron/services/credentials/verify';

describe('registry hosts', () => {
  it('folds Docker Hub aliases and strips scheme and path', () => {
    for (const s of [
      'docker.io',
      'index.docker.io',
      'https://index.docker.io/v1/',
      'registry-1.docker.io',
      'DOCKER.IO',
    ]) {
      expect(normalizeRegistry(s)).toBe('docker.io');
    }
    expect(normalizeRegistry('https://GHCR.io/')).toBe('ghcr.io');
    expect(normalizeRegistry(' 127.0.0.1:5000 ')).toBe('127.0.0.1:5000');
  });

  it('refuses things that are not hosts', () => {
    expect(() => normalizeRegistry('my registry')).toThrow(/not a registry host/);
    expect(() => normalizeRegistry('')).toThrow();
    expect(() => normalizeRegistry('-bad-.io')).toThrow();
  });

  it('refuses bracketed IPv6 hosts with the message every image field uses', () => {
    for (const host of ['[::1]:5000', 'http://[fc00::1]:5000/v2/', '[::1]']) {
      expect(() => normalizeRegistry(host), host).toThrow(IPV6_REGISTRY_ERROR);
    }
  });

  it('speaks plain http only to loopback registries', () => {
    expect(isLoopbackRegistry('127.0.0.1:5000')).toBe(true);
    expect(isLoopbackRegistry('localhost:5000')).toBe(true);
    expect(isLoopbackRegistry('127.example.com')).toBe(false);
    expect(isLoopbackRegistry('192.168.1.10:5000')).toBe(false);
    expect(registryApiBase('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryApiBase('localhost:5000')).toBe('http://localhost:5000');
    expect(registryApiBase('192.168.1.10:5000')).toBe('https://192.168.1.10:5000');
    expect(registryApiBase('quay.io')).toBe('https://quay.io');
    expect(registryApiBase('docker.io')).toBe('https://registry-1.docker.io');
  });

  it('uses the exact Docker Hub key kaniko looks up', () => {
    expect(dockerConfigKey('docker.io')).toBe('https://index.docker.io/v1/');
    expect(dockerConfigKey('ghcr.io')).toBe('ghcr.io');
  });
});

describe('docker config.json', () => {
  it('carries only the target registry, base64 of user:secret', () => {
    const buf = dockerConfigJsonFor('index.docker.io', { username: 'alice', secret: 'dckr_pat_xyz' });
    expect(JSON.parse(buf.toString())).toEqual({
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('alice:dckr_pat_xyz').toString('base64') },
      },
    });
    expect(JSON.parse(dockerConfigJsonFor('127.0.0.1:5000', null).toString())).toEqual({ auths: {} });
  });
});

describe('WWW-Authenticate challenges', () => {
  it('parses Bearer with realm, service and scope', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:a/b:pull,push',
      error: null,
    });
  });

  it('parses Basic, and reports unknown schemes', () => {
    expect(parseChallenge('Basic realm="kaniko-desktop-test"')).toEqual({
      scheme: 'basic',
      realm: 'kaniko-desktop-test',
    });
    expect(parseChallenge('Negotiate abc')).toMatchObject({ scheme: 'other' });
    expect(parseChallenge(null)).toBeNull();
    expect(parseChallenge('Bearer service="x"')).toMatchObject({ scheme: 'other' }); // no realm
  });
});

describe('repository paths for the push check', () => {
  it('adds the Docker ID namespace on Docker Hub only, drops tags and digests', () => {
    expect(repositoryPath('kaniko-nginx', 'Alice', true)).toBe('alice/kaniko-nginx');
    expect(repositoryPath('team/app:v1', 'alice', true)).toBe('team/app');
    expect(repositoryPath('app@sha256:abc', 'alice', false)).toBe('app');
    expect(repositoryPath('app', 'alice', false)).toBe('app');
  });
});
