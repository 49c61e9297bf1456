import type Docker from 'dockerode';
import { AppError } from '../../../shared/errors';
import { isNoSpace, noSpaceError } from './no-space';

/** The parts of a build that talk to the engine, as the error names them. */
export type EnginePhase = 'prepare' | 'upload' | 'executor' | 'load' | 'push';

const PHASE_WORDS: Record<EnginePhase, string> = {
  prepare: 'the build container set-up',
  upload: 'the context upload',
  executor: 'the executor run',
  load: 'the image read-back and load',
  push: 'the push (while reading the built image out of the build container)',
};

/** How long a failed call may wait for the engine to prove it is still there. */
const ALIVE_CHECK_MS = 1_000;

/** Socket-level failures: the engine process died, its socket went away, or it closed the connection. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'EPIPE',
  'ENOTCONN',
  'ECONNABORTED',
]);

/** Whether `err` (or anything in its cause chain) is the connection to the engine breaking. */
export function isConnectionLoss(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 8; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (typeof message === 'string' && /socket hang up|premature close/i.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function engineLost(phase: EnginePhase, cause?: unknown): AppError {
  return new AppError('ENGINE_UNAVAILABLE', `Podman stopped answering during ${PHASE_WORDS[phase]}.`, {
    hint: 'Start Podman again: the app reconnects by itself and removes the build container. Then build again.',
    cause,
  });
}

/** True when the engine answers a ping within a second. */
export async function engineAnswers(docker: Docker): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ALIVE_CHECK_MS);
  });
  try {
    return await Promise.race([
      docker.ping().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one engine phase of a build. When it fails because the engine went away (a broken connection,
 * or an error of any other kind while the engine no longer answers a ping), the error says so and
 * names the phase, instead of a bare "socket hang up" or a misleading "the build output is damaged".
 * A full disk is said as such, with where it is full.
 */
export async function duringPhase<T>(phase: EnginePhase, docker: Docker, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError && err.code === 'ENGINE_UNAVAILABLE') throw engineLost(phase, err);
    // Explanations from elsewhere (cancel, the registry, the login) stay as they are; a "damaged
    // output" (VALIDATION) or a raw error may really be the engine going away mid-read.
    if (err instanceof AppError && err.code !== 'VALIDATION' && err.code !== 'INTERNAL') throw err;
    if (isConnectionLoss(err) || !(await engineAnswers(docker))) throw engineLost(phase, err);
    if (isNoSpace(err)) throw noSpaceError(phase, err);
    throw err;
  }
}
