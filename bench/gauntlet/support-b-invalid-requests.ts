import type { RequestName } from '../../electron/shared/contract';

/**
 * Generators of requests that must be refused: each takes the seeded random source and returns one
 * request with one field made invalid, and the field the refusal must name (a prefix: 'tags' matches
 * 'tags.1'). The other fields are valid, so a refusal for the wrong reason shows as a wrong field.
 */
export interface InvalidRequest {
  method: RequestName;
  params: Record<string, unknown>;
  /** The field key (or key prefix) the error's `fields` must carry; a list when either spelling is right. */
  field: string | string[];
  /** What was made invalid, for the failure list. */
  what: string;
}

export type Random = () => number;

export interface GeneratorInputs {
  /** A folder with a valid Dockerfile (stage 'base') and .dockerignore. */
  contextDir: string;
  /** A folder that exists but has no Dockerfile. */
  emptyDir: string;
  /** A loopback registry with a saved login. */
  registry: string;
}

/** Kubernetes exports refuse a loopback registry (a pod cannot reach it): theirs is a public name. */
const CLUSTER_REGISTRY = 'registry.example.com';

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const long = (n: number, ch = 'a') => ch.repeat(n);

const BAD_REPOSITORIES = [
  'UPPER/Case',
  'a//b',
  '-lead',
  'trail-',
  'has space',
  'repo:tag',
  'repo@sha256:00',
  '..',
  '/abs',
  'a/',
  'ü/x',
  'a__b--',
  'a\tb',
  ' ',
  long(256, 'r'),
];
const BAD_TAGS = ['-x', '.x', 'a b', long(129, 't'), 'a:b', 'é', 'x/y', '', '\0', 'tag!', ' '];
const BAD_REGISTRIES = ['http://x', 'a b', 'host:99999', 'host:port', '-bad', 'x/y/z', 'ä.example', 'host:'];
const BAD_DOCKERFILES = ['/abs/Dockerfile', '../Dockerfile', 'sub/', '', 'NoSuchFile', 'a\0b', '.', 'C:\\x'];
const BAD_ARG_KEYS = ['1abc', 'a-b', '', 'a b', 'ä', 'x=y', '$X'];
const BAD_TARGETS = ['1bad', 'has space', 'nosuchstage', 'A!', '-x'];
const BAD_IMAGES = ['UPPER', 'a b', '::', 'x@sha256:zz', 'a//b', 'x:', ':tag', '-x', 'ä'];
const BAD_PORTS = [0, -1, 65_536, 70_000, 1.5, Number.MAX_SAFE_INTEGER, '8080', null];
const BAD_MACHINE_NAMES = ['-x', 'a b', '', long(61, 'm'), 'ü', '.hidden', 'a/b', 'x;rm'];
const BAD_CAPS = ['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'bogus', 'CAP_SYS_MODULE'];

/** One generator per kind of field; each returns a request with that field broken. */
export function generators(inp: GeneratorInputs): ((r: Random) => InvalidRequest)[] {
  const build = (over: Record<string, unknown>) => ({
    contextDir: inp.contextDir,
    registry: inp.registry,
    repository: 'gauntlet/invalid',
    tags: ['ok'],
    mode: 'push',
    baseImageLogin: true,
    ...over,
  });
  const buildMethod = (r: Random): RequestName => (r() < 0.7 ? 'build.start' : 'build.plan');
  const machine = { name: 'gauntlet-valid', cpus: 1, memoryMiB: 1024, diskGiB: 10 };
  return [
    (r) => {
      const v = pick(r, BAD_REPOSITORIES);
      return {
        method: buildMethod(r),
        params: build({ repository: v }),
        field: 'repository',
        what: `repository ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const v = pick(r, BAD_TAGS);
      const i = Math.floor(r() * 3);
      const tags = ['ok', 'fine', 'good'].slice(0, i);
      tags.push(v);
      return {
        method: buildMethod(r),
        params: build({ tags }),
        field: 'tags',
        what: `tag ${JSON.stringify(v)}`,
      };
    },
    (r) => ({
      method: buildMethod(r),
      params: build({ tags: ['same', 'same'] }),
      field: 'tags',
      what: 'a tag twice',
    }),
    (r) => {
      const v = pick(r, BAD_REGISTRIES);
      return {
        method: buildMethod(r),
        params: build({ registry: v }),
        field: 'registry',
        what: `registry ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const v = pick(r, BAD_DOCKERFILES);
      return {
        method: buildMethod(r),
        params: build({ dockerfile: v }),
        field: 'dockerfile',
        what: `dockerfile ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const v = pick(r, ['relative/dir', '/no/such/folder', '/', '/etc', inp.emptyDir]);
      const field = v === inp.emptyDir ? 'dockerfile' : 'contextDir';
      return {
        method: buildMethod(r),
        params: build({ contextDir: v }),
        field,
        what: `contextDir ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const v = pick(r, BAD_ARG_KEYS);
      const buildArgs = [
        { key: 'GOOD', value: '1' },
        { key: v, value: 'x' },
      ];
      return {
        method: buildMethod(r),
        params: build({ buildArgs }),
        field: 'buildArgs.1',
        what: `build arg ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const buildArgs = pick(r, [
        [
          { key: 'A', value: '1' },
          { key: 'A', value: '2' },
        ],
        [{ key: 'A', value: 'a\0b' }],
        [{ key: 'A', value: long(8193, 'v') }],
      ]);
      return {
        method: buildMethod(r),
        params: build({ buildArgs }),
        field: 'buildArgs',
        what: 'build arg value or duplicate',
      };
    },
    (r) => {
      const v = pick(r, BAD_TARGETS);
      return {
        method: buildMethod(r),
        params: build({ target: v }),
        field: 'target',
        what: `target ${JSON.stringify(v)}`,
      };
    },
    (r) => ({
      method: buildMethod(r),
      params: build({
        cache: true,
        cacheRepo: pick(r, ['team/app/cache:v1', 'Team/Cache', 'app/cache@sha256:00']),
      }),
      field: 'cacheRepo',
      what: 'a cache repository with a tag, a digest or capitals',
    }),
    (r) => {
      const v = pick(r, ['registry', 'cloud', 1, null]);
      return {
        method: buildMethod(r),
        params: build({ mode: v }),
        field: 'mode',
        what: `mode ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const v = pick(r, BAD_IMAGES);
      return {
        method: 'preview.run',
        params: { image: v, hostPort: 18_080 },
        field: 'image',
        what: `preview image ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const v = pick(r, BAD_PORTS);
      const key = r() < 0.6 ? 'hostPort' : 'containerPort';
      return {
        method: 'preview.run',
        params: { image: 'localhost/kd-busybox:latest', [key]: v },
        field: key,
        what: `preview ${key} ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const v = pick(r, BAD_CAPS);
      return {
        method: 'preview.run',
        params: { image: 'localhost/kd-busybox:latest', hostPort: 18_080, extraCapabilities: [v] },
        field: 'extraCapabilities',
        what: `capability ${v}`,
      };
    },
    (r) => {
      const v = pick(r, BAD_PORTS);
      return {
        method: 'preview.suggestPort',
        params: { from: v },
        field: 'from',
        what: `suggestPort from ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const v = pick(r, BAD_MACHINE_NAMES);
      const method = pick(r, [
        'machine.init',
        'machine.start',
        'machine.stop',
        'machine.remove',
        'machine.inspect',
        'machine.setRootless',
      ] as const);
      const params = method === 'machine.init' ? { ...machine, name: v } : { name: v };
      return { method, params, field: 'name', what: `${method} name ${JSON.stringify(v)}` };
    },
    (r) => {
      const [key, v] = pick(r, [
        ['cpus', 0],
        ['cpus', 1.5],
        ['cpus', 100_000],
        ['cpus', -2],
        ['memoryMiB', 100],
        ['memoryMiB', 1e12],
        ['diskGiB', 1],
        ['diskGiB', 1e9],
        ['diskGiB', '50'],
      ] as const);
      return {
        method: 'machine.init',
        params: { ...machine, [key]: v },
        field: key,
        what: `machine ${key} ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const [key, v] = pick(r, [
        ['registry', 'http://x y'],
        ['registry', 'host:99999'],
        ['registry', ''],
        ['username', 'a b'],
        ['username', ''],
        ['secret', 'short'],
        ['secret', ''],
      ] as const);
      const params = { registry: inp.registry, username: 'gauntlet', secret: 'long-enough-secret', [key]: v };
      return {
        method: 'credentials.save',
        params,
        field: key,
        what: `credentials ${key} ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const [field, params] = pick(r, [
        ['preview.hostPort', { preview: { hostPort: 0 } }],
        ['preview.containerPort', { preview: { containerPort: 70_000 } }],
        ['defaults.tag', { defaults: { tag: '-bad tag' } }],
        ['defaults.registry', { defaults: { registry: 'http://x' } }],
        ['defaults.registry', { defaults: { registry: 'host:70000' } }],
        ['defaults.repository', { defaults: { repository: '' } }],
        ['logLineLimit', { logLineLimit: 5 }],
        ['executorImage', { executorImage: '' }],
        ['engineSocket', { engineSocket: '' }],
      ] as const);
      return { method: 'settings.update', params, field, what: `settings ${field}` };
    },
    (r) => {
      const v = pick(r, BAD_REPOSITORIES);
      return {
        method: 'kubernetes.export',
        params: { build: build({ repository: v, registry: CLUSTER_REGISTRY }) },
        // The export checks the build with the build form's rules, whose fields have no 'build.' prefix.
        field: ['build.repository', 'repository'],
        what: `kubernetes export repository ${JSON.stringify(v)}`,
      };
    },
    (r) => {
      const [field, over] = pick(r, [
        ['namespace', { namespace: 'UPPER_case' }],
        ['namespace', { namespace: '' }],
        ['ttlSecondsAfterFinished', { ttlSecondsAfterFinished: -1 }],
        ['executorImage', { executorImage: 'UPPER:bad tag' }],
      ] as const);
      return {
        method: 'kubernetes.export',
        params: { build: build({ registry: CLUSTER_REGISTRY }), ...over },
        field,
        what: `kubernetes ${field}`,
      };
    },
  ];
}
