/**
 * Runs one build's objects on a cluster: create Secret (+ ConfigMap) and Job, wait for the pod,
 * stream kaniko's log, report the pushed digest, and always clean up what was created.
 */
import { BatchV1Api, CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { BuildFailure } from '../../shared/contract/build';
import { AppError } from '../../shared/errors';
import { sleep, throwIfAborted } from './abortable';
import type { ClusterObjects } from './cluster-objects';
import { toClusterError } from './cluster-errors';
import { JOB_NAME_LABEL, KANIKO_CONTAINER } from './defaults';
import { followLogs } from './log-follow';
import {
  lastWarning,
  podOutcome,
  podStartProblem,
  pushedFromLine,
  usernsEventMessage,
  usernsUnsupported,
  type PushedImage,
} from './pod-diagnosis';

export interface ClusterRunOptions {
  namespace: string;
  objects: ClusterObjects;
  signal: AbortSignal;
  /** Every log line of the kaniko container, in order. */
  onLine: (line: string) => void;
  onStep?: (step: string, fraction: number | null) => void;
  /** The log parser's reading of a failed build (cause, failing step), for the error. */
  explainFailure?: () => BuildFailure | null;
  /** How long the pod may stay unscheduled / Pending / ContainerCreating. */
  startTimeoutMs?: number;
  pollMs?: number;
}

export interface ClusterRunResult {
  jobName: string;
  podName: string;
  pushed: PushedImage[];
  /** Digest of the first pushed reference (kaniko pushes one image under every destination). */
  digest: string | null;
}

const TAIL_LINES = 30;

export async function runClusterBuild(kc: KubeConfig, o: ClusterRunOptions): Promise<ClusterRunResult> {
  const core = kc.makeApiClient(CoreV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const { namespace, objects, signal } = o;
  const ctx = { namespace, server: kc.getCurrentCluster()?.server };
  const pollMs = o.pollMs ?? 1000;
  const startTimeoutMs = o.startTimeoutMs ?? 180_000;
  const step = (s: string, f: number | null) => o.onStep?.(s, f);
  const created: { kind: 'secret' | 'configMap' | 'job'; name: string }[] = [];

  const call = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    throwIfAborted(signal);
    try {
      return await fn();
    } catch (err) {
      throw toClusterError(err, action, ctx);
    }
  };

  try {
    step('Creating the registry Secret', 0.02);
    await call('create the registry Secret', () =>
      core.createNamespacedSecret({ namespace, body: objects.secret as never }),
    );
    created.push({ kind: 'secret', name: objects.names.secret });
    if (objects.configMap) {
      step('Uploading the build context', 0.05);
      await call('create the context ConfigMap', () =>
        core.createNamespacedConfigMap({ namespace, body: objects.configMap as never }),
      );
      created.push({ kind: 'configMap', name: objects.names.configMap });
    }
    step('Creating the Job', 0.08);
    const job = await call('create the Job', () =>
      batch.createNamespacedJob({ namespace, body: objects.job as never }),
    );
    created.push({ kind: 'job', name: objects.names.job });
    // An API server without the UserNamespacesSupport gate drops the field silently: never run without it.
    if (job.spec?.template.spec?.hostUsers !== false) {
      throw usernsUnsupported(
        'the API server dropped spec.hostUsers (the UserNamespacesSupport feature gate is off)',
      );
    }

    step('Waiting for the pod to start', 0.1);
    const pod = await waitForStart(objects.names.job);
    const podName = pod.metadata?.name as string;

    step('Building', 0.15);
    const tail: string[] = [];
    const pushed: PushedImage[] = [];
    await call('stream the build log', () =>
      followLogs(kc, {
        namespace,
        pod: podName,
        container: KANIKO_CONTAINER,
        signal,
        onLine: (line) => {
          tail.push(line);
          if (tail.length > TAIL_LINES) tail.shift();
          const p = pushedFromLine(line);
          if (p) pushed.push(p);
          o.onLine(line);
        },
        isFinished: async () => podOutcome(await readPod(podName), KANIKO_CONTAINER).done,
      }),
    );
    throwIfAborted(signal);

    const outcome = await waitForOutcome(podName);
    if (!outcome.succeeded) {
      const code = outcome.exitCode === null ? '' : ` with exit code ${outcome.exitCode}`;
      const failure = o.explainFailure?.() ?? null;
      const step = failure?.step ? ` at step ${failure.step.n} (${failure.step.text})` : '';
      throw new AppError(
        'BUILD_FAILED',
        `Kaniko failed in the cluster${code}${step}: ${failure?.explanation ?? 'see the log'}. Last lines:\n` +
          tail.slice(-10).join('\n'),
        { hint: failure?.fix ?? 'Read the build log above for the failing step.' },
      );
    }
    step('Pushed', 1);
    return { jobName: objects.names.job, podName, pushed, digest: pushed[0]?.digest ?? null };
  } finally {
    await cleanUp();
  }

  async function readPod(name: string): Promise<V1Pod> {
    return call('read the build pod', () => core.readNamespacedPod({ name, namespace }));
  }

  async function events(name: string) {
    const list = await call('read events', () =>
      core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name}` }),
    );
    return list.items;
  }

  /** Waits until the pod runs (or already finished); fails fast on pull errors and user-namespace trouble. */
  async function waitForStart(jobName: string): Promise<V1Pod> {
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      const list = await call('list the build pods', () =>
        core.listNamespacedPod({ namespace, labelSelector: `${JOB_NAME_LABEL}=${jobName}` }),
      );
      const pod = list.items[0];
      if (pod) {
        const phase = pod.status?.phase;
        if (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') return pod;
        const problem = podStartProblem(pod);
        if (problem) throw problem;
      }
      // No pod yet: the Job controller may be refused (admission, Pod Security, hostUsers).
      const evs = await events(pod?.metadata?.name ?? jobName);
      const userns = usernsEventMessage(evs);
      if (userns) throw usernsUnsupported(userns);
      if (Date.now() > deadline) {
        const warning = lastWarning(evs);
        throw new AppError(
          'TIMEOUT',
          pod
            ? `The build pod did not start within ${Math.round(startTimeoutMs / 1000)} s${warning ? ` (${warning})` : ''}.`
            : `The Job created no pod within ${Math.round(startTimeoutMs / 1000)} s${warning ? ` (${warning})` : ''}.`,
          {
            hint: 'Check the namespace\'s Pod Security level ("baseline" is needed), quotas and node capacity.',
          },
        );
      }
      await sleep(pollMs, signal);
    }
  }

  async function waitForOutcome(podName: string) {
    for (let i = 0; ; i++) {
      const outcome = podOutcome(await readPod(podName), KANIKO_CONTAINER);
      if (outcome.done) return outcome;
      if (i * pollMs > 60_000) {
        throw new AppError('TIMEOUT', 'The build log ended but the pod did not finish within a minute.');
      }
      await sleep(pollMs, signal);
    }
  }

  /** Best effort, also after a cancel or failure; the Job's pods go with it (Background propagation). */
  async function cleanUp(): Promise<void> {
    for (const obj of created.reverse()) {
      try {
        if (obj.kind === 'job') {
          await batch.deleteNamespacedJob({ name: obj.name, namespace, propagationPolicy: 'Background' });
        } else if (obj.kind === 'secret') {
          await core.deleteNamespacedSecret({ name: obj.name, namespace });
        } else {
          await core.deleteNamespacedConfigMap({ name: obj.name, namespace });
        }
      } catch {
        // The Job's TTL removes it anyway; a leftover Secret is reported by its labels in the README.
      }
    }
  }
}
