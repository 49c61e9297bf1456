/**
 * Reading a build pod's status and events: why it is not running, and what kaniko pushed.
 */
import type { CoreV1Event, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { AppError } from '../../shared/errors';

const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

/** Events (or waiting messages) that say the node cannot give the pod its own user namespace. */
const USERNS_TEXT = /user ?namespace|userns|hostUsers|idmap|id-mapped|UserNamespacesSupport/i;

export interface PushedImage {
  reference: string;
  digest: string;
}

/** Kaniko's "Pushed <name>@sha256:<hex>" line (wording of both the original and the fork). */
export function pushedFromLine(line: string): PushedImage | null {
  const m = /\bPushed\s+(?:image\s+)?(\S+?)@(sha256:[0-9a-f]{64})\b/.exec(line);
  return m ? { reference: `${m[1]}@${m[2]}`, digest: m[2] as string } : null;
}

function statuses(pod: V1Pod): V1ContainerStatus[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/** A waiting state that will not resolve by itself, as an AppError; null while the pod may still start. */
export function podStartProblem(pod: V1Pod): AppError | null {
  for (const s of statuses(pod)) {
    const waiting = s.state?.waiting;
    if (!waiting?.reason) continue;
    const message = waiting.message ? `: ${waiting.message}` : '';
    if (PULL_FAILURES.has(waiting.reason)) {
      return new AppError(
        'UNAVAILABLE',
        `The cluster could not pull the image for container "${s.name}" (${waiting.reason}${message}).`,
        {
          hint: 'Check the executor image name and tag, and that the nodes can reach its registry (or add an imagePullSecret).',
        },
      );
    }
    if (waiting.reason === 'CreateContainerConfigError' || waiting.reason === 'CreateContainerError') {
      if (USERNS_TEXT.test(waiting.message ?? ''))
        return usernsUnsupported(waiting.message ?? waiting.reason);
      return new AppError(
        'UNAVAILABLE',
        `Container "${s.name}" could not be created (${waiting.reason}${message}).`,
      );
    }
  }
  return null;
}

export function usernsEventMessage(events: readonly CoreV1Event[]): string | null {
  const hit = events.find((e) => USERNS_TEXT.test(`${e.reason ?? ''} ${e.message ?? ''}`));
  return hit ? `${hit.reason ?? 'Event'}: ${hit.message ?? ''}` : null;
}

export function usernsUnsupported(detail: string): AppError {
  return new AppError(
    'UNAVAILABLE',
    `The cluster cannot run the build in a user namespace (hostUsers: false): ${detail}`,
    {
      hint:
        'User namespaces need Kubernetes >= 1.30 (UserNamespacesSupport feature gate until 1.33), Linux >= 6.3, ' +
        'containerd >= 2.0 or CRI-O >= 1.25, runc >= 1.2 or crun >= 1.9.',
    },
  );
}

/** The most useful warning to show when a pod is stuck for another reason. */
export function lastWarning(events: readonly CoreV1Event[]): string | null {
  const warnings = events.filter((e) => e.type === 'Warning');
  const last = warnings[warnings.length - 1];
  return last ? `${last.reason ?? 'Warning'}: ${last.message ?? ''}` : null;
}

export type PodOutcome =
  { done: false } | { done: true; succeeded: boolean; exitCode: number | null; reason: string | null };

export function podOutcome(pod: V1Pod, container: string): PodOutcome {
  const phase = pod.status?.phase;
  if (phase !== 'Succeeded' && phase !== 'Failed') return { done: false };
  const term = pod.status?.containerStatuses?.find((s) => s.name === container)?.state?.terminated;
  return {
    done: true,
    succeeded: phase === 'Succeeded',
    exitCode: term?.exitCode ?? null,
    reason: term?.reason ?? pod.status?.reason ?? null,
  };
}
