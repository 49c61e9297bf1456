/**
 * GitLab Runner (Kubernetes executor) export: a `.gitlab-ci.yml` job and the runner `config.toml`
 * snippet that puts build pods in their own user namespace with the same capability set.
 */
import { stringify } from 'yaml';
import { authKeyFor } from './docker-config';
import { withoutContextArgs } from './manifests';

/** Masked CI/CD variables the user defines in the project settings (never in the file). */
export const CI_USER_VARIABLE = 'KANIKO_REGISTRY_USER';
export const CI_SECRET_VARIABLE = 'KANIKO_REGISTRY_PASSWORD';

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX single-quote quoting for one argument of a script line. */
export function shellQuote(arg: string): string {
  if (arg !== '' && SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'"'"'`)}'`;
}

export interface GitlabJobOptions {
  jobName: string;
  debugImage: string;
  registry: string;
  /** Kaniko arguments (any --context is replaced by $CI_PROJECT_DIR). */
  args: string[];
}

export function gitlabCiYaml(o: GitlabJobOptions): string {
  const key = authKeyFor(o.registry);
  // The auth line is built in the job so the secret only ever exists in the masked variable and the pod.
  const authLine =
    `printf '{"auths":{"%s":{"auth":"%s"}}}' ${shellQuote(key)} ` +
    `"$(printf '%s:%s' "$${CI_USER_VARIABLE}" "$${CI_SECRET_VARIABLE}" | base64 | tr -d '\\n')" ` +
    `> /kaniko/.docker/config.json`;
  const executor = [
    '/kaniko/executor',
    '--context',
    '"$CI_PROJECT_DIR"',
    ...withoutContextArgs(o.args).map(shellQuote),
  ];
  const doc = {
    [o.jobName]: {
      stage: 'build',
      image: { name: o.debugImage, entrypoint: [''] },
      script: ['mkdir -p /kaniko/.docker', authLine, executor.join(' ')],
    },
  };
  const header =
    '# Builds the image with Kaniko on a GitLab Runner that uses the Kubernetes executor.\n' +
    `# Define ${CI_USER_VARIABLE} and ${CI_SECRET_VARIABLE} as masked CI/CD variables (Settings > CI/CD > Variables).\n` +
    '# The runner must start build pods with hostUsers: false (see config.toml).\n';
  return header + stringify(doc, { lineWidth: 0 });
}

const tomlString = (s: string) => JSON.stringify(s);
const tomlArray = (xs: string[]) => `[${xs.map(tomlString).join(', ')}]`;

export function runnerConfigToml(o: { namespace: string; capabilities: string[] }): string {
  return [
    "# Merge into the runner's config.toml ([[runners]] entry of the Kubernetes executor).",
    '[[runners]]',
    '  executor = "kubernetes"',
    '  [runners.kubernetes]',
    `    namespace = ${tomlString(o.namespace)}`,
    '    # Build pods get their own user namespace (spec.hostUsers: false): root in the pod is',
    '    # an unprivileged uid on the node. Needs a runner release with host_users support.',
    '    host_users = false',
    '    [runners.kubernetes.build_container_security_context]',
    '      run_as_user = 0',
    '      allow_privilege_escalation = false',
    '      [runners.kubernetes.build_container_security_context.capabilities]',
    '        drop = ["ALL"]',
    `        add = ${tomlArray(o.capabilities)}`,
    '',
    '# Runners without host_users: patch the pod spec instead (replace host_users above with this).',
    '#  environment = ["FF_USE_ADVANCED_POD_SPEC_CONFIGURATION=true"]',
    '#  [[runners.kubernetes.pod_spec]]',
    '#    name = "user-namespaces"',
    '#    patch_type = "strategic"',
    "#    patch = '''",
    '#      hostUsers: false',
    "#    '''",
    '',
  ].join('\n');
}
