/**
 * The export: Kubernetes manifests, the GitLab CI job, the runner snippet and a README, as files.
 */
import { stringify } from 'yaml';
import { buildClusterObjects, type ClusterBuildInput } from './cluster-objects';
import { debugImageFor } from './defaults';
import { gitlabCiYaml, runnerConfigToml } from './gitlab-ci';
import { exportReadme } from './readme';

export interface ExportFile {
  name: string;
  content: string;
}

// No anchors/aliases: the same labels object appears twice in a Job, and plain copies read better.
const toYaml = (obj: unknown) => stringify(obj, { lineWidth: 0, aliasDuplicateObjects: false });

export function exportBundle(input: ClusterBuildInput): ExportFile[] {
  const objects = buildClusterObjects(input);
  const files: ExportFile[] = [{ name: 'secret.yaml', content: toYaml(objects.secret) }];
  if (objects.configMap) files.push({ name: 'context-configmap.yaml', content: toYaml(objects.configMap) });
  files.push({ name: 'job.yaml', content: toYaml(objects.job) });
  files.push({
    name: '.gitlab-ci.yml',
    content: gitlabCiYaml({
      jobName: 'kaniko-build',
      debugImage: input.debugImage ?? debugImageFor(input.executorImage),
      registry: input.registry,
      args: input.args,
    }),
  });
  files.push({
    name: 'config.toml',
    content: runnerConfigToml({ namespace: input.namespace, capabilities: objects.capabilities }),
  });
  files.push({
    name: 'README.md',
    content: exportReadme({
      namespace: input.namespace,
      jobName: objects.names.job,
      secretName: objects.names.secret,
      registry: input.registry,
      placeholderSecret: input.credentials === null,
      contextKind: input.context.kind,
      files: [...files.map((f) => f.name), 'README.md'],
    }),
  });
  return files;
}
