import { describe, expect, it } from 'vitest';
import { buildExecutorArgs, executorArgsForPlan } from '../../../electron/services/build/logic/executor-args';

const base = {
  dockerfile: 'Dockerfile',
  destinations: ['docker.io/alice/kaniko-nginx:latest'],
  mode: 'push' as const,
  cache: false,
};

describe('buildExecutorArgs', () => {
  it('builds a push invocation with one flag per item', () => {
    expect(buildExecutorArgs(base)).toEqual([
      '--context=dir:///workspace',
      '--dockerfile=/workspace/Dockerfile',
      '--destination=docker.io/alice/kaniko-nginx:latest',
      '--digest-file=/kaniko/output/digest',
      '--log-format=json',
    ]);
  });

  it('builds a local invocation that writes a tar and pushes nothing', () => {
    const args = buildExecutorArgs({
      ...base,
      mode: 'local',
      destinations: ['docker.io/alice/app:1', 'docker.io/alice/app:latest'],
    });
    expect(args).toEqual([
      '--context=dir:///workspace',
      '--dockerfile=/workspace/Dockerfile',
      '--destination=docker.io/alice/app:1',
      '--destination=docker.io/alice/app:latest',
      '--no-push',
      '--no-push-cache',
      '--tar-path=/kaniko/output/image.tar',
      '--digest-file=/kaniko/output/digest',
      '--log-format=json',
    ]);
  });

  it('passes build args, target, cache and insecure registries as separate items, values untouched', () => {
    const args = buildExecutorArgs({
      ...base,
      dockerfile: 'docker/Dockerfile.prod',
      destinations: ['127.0.0.1:5000/app:t'],
      buildArgs: [
        { key: 'MSG', value: 'hello world; rm -rf / && echo "$HOME"' },
        { key: 'EMPTY', value: '' },
      ],
      target: 'runtime',
      cache: true,
      cacheRepo: '127.0.0.1:5000/app/cache',
      insecureRegistries: ['127.0.0.1:5000', '127.0.0.1:5000'],
      contextPath: '/ctx/',
      tarPath: '/out/i.tar',
      digestFile: '/out/d',
      logFormat: 'color',
    });
    expect(args).toEqual([
      '--context=dir:///ctx',
      '--dockerfile=/ctx/docker/Dockerfile.prod',
      '--destination=127.0.0.1:5000/app:t',
      '--digest-file=/out/d',
      '--log-format=color',
      '--build-arg=MSG=hello world; rm -rf / && echo "$HOME"',
      '--build-arg=EMPTY=',
      '--target=runtime',
      '--cache=true',
      '--cache-repo=127.0.0.1:5000/app/cache',
      '--insecure-registry=127.0.0.1:5000',
    ]);
  });

  it('refuses what would be wrong or unsafe', () => {
    expect(() => buildExecutorArgs({ ...base, destinations: [] })).toThrow(/destination/);
    expect(() => buildExecutorArgs({ ...base, dockerfile: '/etc/passwd' })).toThrow(/relative/);
    expect(() => buildExecutorArgs({ ...base, dockerfile: '../Dockerfile' })).toThrow(/relative/);
    expect(() => buildExecutorArgs({ ...base, destinations: ['a\n--insecure'] })).toThrow(
      /control character/,
    );
    expect(() => buildExecutorArgs({ ...base, buildArgs: [{ key: 'A', value: 'x\0y' }] })).toThrow(/control/);
    expect(() =>
      buildExecutorArgs({ ...base, cache: true, cacheRepo: 'https://user:secret@host/cache' }),
    ).toThrow(/credentials/);
  });

  it('lets multi-line build-arg values through as one item', () => {
    const args = buildExecutorArgs({ ...base, buildArgs: [{ key: 'CERT', value: 'line1\nline2' }] });
    expect(args).toContain('--build-arg=CERT=line1\nline2');
  });

  it('never carries credentials', () => {
    const args = buildExecutorArgs({ ...base, mode: 'local', cache: true });
    expect(args.join(' ')).not.toMatch(/password|auth|token|docker\/config/i);
  });
});

describe('executorArgsForPlan', () => {
  it('maps a validated plan to arguments', () => {
    const args = executorArgsForPlan(
      {
        dockerfile: 'Dockerfile',
        destinations: [
          {
            registry: '127.0.0.1:5000',
            repository: 'app',
            tag: 'x',
            digest: null,
            full: '127.0.0.1:5000/app:x',
          },
        ],
        buildArgs: [],
        target: null,
        mode: 'local',
        cache: false,
        insecureRegistries: ['127.0.0.1:5000'],
      },
      { logFormat: 'text' },
    );
    expect(args).toEqual([
      '--context=dir:///workspace',
      '--dockerfile=/workspace/Dockerfile',
      '--destination=127.0.0.1:5000/app:x',
      '--no-push',
      '--no-push-cache',
      '--tar-path=/kaniko/output/image.tar',
      '--digest-file=/kaniko/output/digest',
      '--log-format=text',
      '--insecure-registry=127.0.0.1:5000',
    ]);
  });
});
