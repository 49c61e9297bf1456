/**
 * The Kubernetes feature behind the contract: export files, list kubeconfig contexts, run a build
 * on a cluster as a task (log lines through the kaniko parser into the task log).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { TaskManager } from '../../core/task-manager';
import type {
  KubernetesExportParams,
  KubernetesRunParams,
  KubernetesSaveParams,
} from '../../shared/contract/kubernetes';
import { AppError } from '../../shared/errors';
import { throttle } from '../../core/throttle';
import type { DockerfileStage } from '../../shared/contract/build';
import { requireImageRef } from '../build/logic/image-ref';
import { createKanikoLogParser } from '../build/logic/kaniko-log-parser';
import { planClusterBuild, packContext, type ClusterPlan } from './build-plan';
import { buildClusterObjects, type ClusterBuildInput } from './cluster-objects';
import { runClusterBuild, type ClusterRunResult } from './cluster-run';
import type { ContextSource } from './context-source';
import { DEFAULT_EXECUTOR_IMAGE, debugImageWarning, objectNameFor } from './defaults';
import type { RegistryCredentials } from './docker-config';
import { exportBundle, type ExportFile } from './export-bundle';
import { execPluginCommand, listContexts, loadKubeConfig } from './kubeconfig';
import { KubeconfigAccess } from './kubeconfig-access';

export interface KubernetesServiceDeps {
  tasks: Pick<TaskManager, 'start'>;
  /** Saved credentials for a registry host (never sent to the renderer). */
  getAuth: (registry: string) => { username: string; secret: string } | null;
  /** The executor image setting. */
  executorImage: () => string;
  /** Context folder used when a request has contextDir null (the bundled example). */
  bundledContext: () => string;
  publishFinished: (p: {
    taskId: string;
    ok: boolean;
    jobName: string | null;
    digest: string | null;
    pushed: string[];
  }) => void;
  /** The run's Dockerfile stages (optional: exports need none). */
  publishStages?: (p: { taskId: string; dockerfileStages: DockerfileStage[] }) => void;
  /** Which kubeconfig files may be read (default: $KUBECONFIG and ~/.kube of this process). */
  kubeconfigs?: KubeconfigAccess;
}

/** Stage snapshots go out at most this often. */
const STAGES_INTERVAL_MS = 150;

type Common = Pick<
  KubernetesExportParams,
  'build' | 'context' | 'namespace' | 'executorImage' | 'ttlSecondsAfterFinished'
>;

export class KubernetesService {
  readonly kubeconfigs: KubeconfigAccess;

  constructor(private readonly deps: KubernetesServiceDeps) {
    this.kubeconfigs = deps.kubeconfigs ?? new KubeconfigAccess({ env: process.env, home: os.homedir() });
  }

  /** For the page: the Secret is always a placeholder. */
  async exportFiles(p: KubernetesExportParams): Promise<{ files: ExportFile[]; warnings: string[] }> {
    const { files, warnings } = await this.bundle({ ...p, secretMode: 'placeholder' });
    return { files, warnings };
  }

  /** For main only (written to disk by main, never sent to the page): may carry the saved credential. */
  async bundle(
    p: KubernetesSaveParams,
  ): Promise<{ files: ExportFile[]; containsSecret: boolean; warnings: string[] }> {
    const plan = this.plan(p, 'text');
    const credentials = p.secretMode === 'credentials' ? this.credentials(plan.registry) : null;
    const input = await this.input(p, plan, credentials, objectNameFor(p.build.repository));
    const files = exportBundle(input);
    const warning = input.debugImage ? null : debugImageWarning(input.executorImage);
    return { files, containsSecret: credentials !== null, warnings: warning ? [warning] : [] };
  }

  contexts(kubeconfigPath: string) {
    return listContexts({ kubeconfigPath: this.kubeconfigs.check(kubeconfigPath) });
  }

  /** The command the context's exec credential plugin would run (ask the user first), or null. */
  execPlugin(p: Pick<KubernetesRunParams, 'kubeconfigPath' | 'kubeContext'>): string | null {
    return execPluginCommand(
      loadKubeConfig({ kubeconfigPath: this.kubeconfigs.check(p.kubeconfigPath) }, p.kubeContext),
    );
  }

  run(p: KubernetesRunParams): { taskId: string } {
    // Fail fast on what the form can fix, before a task exists.
    const kc = loadKubeConfig({ kubeconfigPath: this.kubeconfigs.check(p.kubeconfigPath) }, p.kubeContext);
    const plan = this.plan(p, 'json');
    const credentials = this.credentials(plan.registry);
    const name = objectNameFor(p.build.repository, randomBytes(3).toString('hex'));
    const title = `Build ${p.build.repository} on ${p.kubeContext}/${p.namespace}`;
    const { id, result } = this.deps.tasks.start(
      { kind: 'kubernetes.build', title, page: 'kubernetes' },
      async (task) => {
        task.progress(0, 'Preparing');
        const input = await this.input(p, plan, credentials, name, task.signal);
        const objects = buildClusterObjects({ ...input, activeDeadlineSeconds: 3600 });
        const parser = createKanikoLogParser({
          destinationCount: p.build.tags.length,
          cache: p.build.cache,
          ...(plan.stages ? { stages: plan.stages } : {}),
        });
        const stages = throttle(
          () => this.deps.publishStages?.({ taskId: task.id, dockerfileStages: parser.model.snapshot() }),
          STAGES_INTERVAL_MS,
        );
        task.log(
          `Cluster ${kc.getCurrentCluster()?.server ?? '?'} · namespace ${p.namespace} · Job ${objects.names.job}`,
        );
        let ok = false;
        try {
          const r = await runClusterBuild(kc, {
            namespace: p.namespace,
            objects,
            signal: task.signal,
            onStep: (step, fraction) => task.progress(fraction, step),
            onLine: (raw) => {
              for (const ev of parser.feed(raw)) {
                if (ev.kind === 'line') task.log(ev.line.text);
                // The parser's 0..1 covers the build; the run's first 15 % were creating objects.
                else if (ev.kind === 'progress') task.progress(0.15 + ev.fraction * 0.84, ev.label);
                if (ev.kind === 'stage' || ev.kind === 'stages') stages.request();
              }
            },
            explainFailure: () => parser.report,
          });
          ok = true;
          return r;
        } finally {
          parser.model.finish(ok);
          stages.flush();
        }
      },
    );
    result.then(
      (r: ClusterRunResult) =>
        this.deps.publishFinished({
          taskId: id,
          ok: true,
          jobName: r.jobName,
          digest: r.digest,
          pushed: r.pushed.map((x) => x.reference),
        }),
      () => this.deps.publishFinished({ taskId: id, ok: false, jobName: name, digest: null, pushed: [] }),
    );
    return { taskId: id };
  }

  private plan(p: Common, logFormat: 'json' | 'text'): ClusterPlan {
    if (p.executorImage.trim()) requireImageRef(p.executorImage, 'executorImage');
    return planClusterBuild(p.build, {
      contextKind: p.context.kind,
      contextDir: p.build.contextDir ?? this.deps.bundledContext(),
      logFormat,
    });
  }

  private credentials(registry: string): RegistryCredentials {
    const auth = this.deps.getAuth(registry);
    if (!auth) {
      throw new AppError('AUTH_FAILED', `No saved credentials for ${registry}.`, {
        hint: 'Save them on the Registries page first (or export with a placeholder Secret).',
      });
    }
    return { registry, ...auth };
  }

  private async input(
    p: Common,
    plan: ClusterPlan,
    credentials: RegistryCredentials | null,
    name: string,
    signal?: AbortSignal,
  ): Promise<ClusterBuildInput> {
    const context: ContextSource =
      p.context.kind === 'git'
        ? { kind: 'git', url: p.context.url }
        : { kind: 'archive', archive: await packContext(plan.contextDir as string, plan.dockerfile, signal) };
    return {
      name,
      namespace: p.namespace,
      executorImage: p.executorImage.trim() || this.deps.executorImage() || DEFAULT_EXECUTOR_IMAGE,
      registry: plan.registry,
      args: plan.args,
      capabilities: plan.capabilities,
      credentials,
      context,
      ttlSecondsAfterFinished: p.ttlSecondsAfterFinished,
    };
  }
}
