import { describe, expect, it } from 'vitest';
import { BuildRequest } from '../../../electron/shared/contract/build-request';
import { planClusterBuild } from '../../../electron/services/kubernetes/build-plan';
import { dockerfileFromRegistryBase, makeContext } from '../../support/build-contexts';
import { runExecutorWith } from '../../support/executor-run';

// The arguments the Kubernetes Job (and the GitLab job) give Kaniko, run by the REAL executor with the
// context where the Job mounts it (/workspace). No cluster here, so two things differ from a pod, and only
// these: --no-push is added (the Job pushes to its registry, which is not reachable from here) and the
// base image's loopback registry is mapped as the app maps it on the desktop.
describe('Kubernetes Job argv under the real executor', () => {
  it('builds a two-stage Dockerfile with the argv the Job would run', async () => {
    const files = {
      Dockerfile: [dockerfileFromRegistryBase('RUN echo built > /artifact').trimEnd() + ' ', '']
        .join('\n')
        .replace(/^FROM (\S+)/, 'FROM $1 AS build'),
      'index.html': '<h1>job</h1>\n',
    };
    files.Dockerfile += `FROM ${/^FROM (\S+)/.exec(files.Dockerfile)?.[1]}\nCOPY --from=build /artifact /artifact\nCOPY index.html /www/index.html\n`;
    const contextDir = makeContext(files);
    const plan = planClusterBuild(
      BuildRequest.parse({
        contextDir,
        registry: 'registry.example.com',
        repository: 'team/app',
        tags: ['v1'],
        buildArgs: [{ key: 'GREETING', value: 'hello world' }],
        mode: 'push',
      }),
      { contextKind: 'archive', contextDir, logFormat: 'json' },
    );
    // The Job sets the context (its emptyDir); everything else is the plan's argv as is.
    const args = ['--context=dir:///workspace', ...plan.args, '--no-push'];
    const run = await runExecutorWith(files, plan.capabilities, { args });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toContain('COPY --from=build /artifact /artifact');
    expect(run.output).toContain('Skipping push to container registry due to --no-push flag');
    expect(plan.args).toContain('--destination=registry.example.com/team/app:v1');
  });
});
