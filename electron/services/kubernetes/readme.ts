import { authKeyFor } from './docker-config';
/** The short README shipped with an export: what the cluster needs and how to apply the files. */

export interface ReadmeOptions {
  namespace: string;
  jobName: string;
  secretName: string;
  registry: string;
  placeholderSecret: boolean;
  contextKind: 'git' | 'archive';
  files: string[];
}

export function exportReadme(o: ReadmeOptions): string {
  const ns = o.namespace;
  const lines = [
    '# Kaniko build on Kubernetes',
    '',
    `Files: ${o.files.join(', ')}.`,
    '',
    '## Cluster requirements (user namespaces, `hostUsers: false`)',
    '',
    '- Kubernetes >= 1.30; on 1.30 to 1.32 the `UserNamespacesSupport` feature gate must be enabled',
    '  (API server and kubelet); it is on by default from 1.33.',
    '- Nodes: Linux >= 6.3 (idmap mounts on tmpfs), containerd >= 2.0 or CRI-O >= 1.25,',
    '  with runc >= 1.2 or crun >= 1.9.',
    `- The namespace \`${ns}\` must allow Pod Security "baseline" (restricted forbids running as uid 0).`,
    '- User namespaces cannot be combined with hostNetwork, hostPID or hostIPC (the Job uses none).',
    '- Without support the pod is rejected or stays in ContainerCreating with an event about user namespaces.',
    '',
    '## Apply',
    '',
  ];
  if (o.placeholderSecret) {
    lines.push(
      'The Secret holds a placeholder. Create the real one instead (the token never lands in a file):',
      '',
      '```sh',
      `kubectl -n ${ns} create secret docker-registry ${o.secretName} \\`,
      `  --docker-server=${authKeyFor(o.registry)} \\`,
      '  --docker-username=<user> --docker-password=<token>',
      '```',
      '',
    );
  } else {
    lines.push('secret.yaml contains a registry credential: keep it out of version control.', '');
  }
  lines.push(
    '```sh',
    ...(o.placeholderSecret ? [] : [`kubectl -n ${ns} apply -f secret.yaml`]),
    ...(o.contextKind === 'archive' ? [`kubectl -n ${ns} apply -f context-configmap.yaml`] : []),
    `kubectl -n ${ns} apply -f job.yaml`,
    `kubectl -n ${ns} logs -f job/${o.jobName} -c kaniko`,
    '```',
    '',
    'The Job deletes itself after `ttlSecondsAfterFinished`; delete the Secret when done.',
    '',
    '## GitLab Runner',
    '',
    '`.gitlab-ci.yml` runs the same build with the Kubernetes executor; merge `config.toml` into the',
    "runner's configuration so build pods run in a user namespace with the same capabilities.",
    '',
  );
  return lines.join('\n');
}
