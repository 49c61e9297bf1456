import Docker from 'dockerode';
import type { Readable } from 'node:stream';

/** One engine call seen during a run: when it was made and when its promise settled (ms since reset). */
export interface PhaseMark {
  name: string;
  calledAt: number;
  doneAt: number;
  /** For attach: when the output stream ended (the container exited). */
  streamEndAt?: number;
}

const CONTAINER_METHODS = ['putArchive', 'attach', 'start', 'wait', 'getArchive', 'kill', 'remove'] as const;
const DOCKER_METHODS = ['createContainer', 'loadImage', 'getImage'] as const;

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Records the timing of the engine calls the app makes, without touching the app: the methods of
 * dockerode's prototypes are wrapped for the duration of the benchmark (the app uses the same module
 * instance) and restored by `restore()`. Only promise-returning calls are timed.
 */
export function recordEnginePhases(): { marks: PhaseMark[]; reset(): void; restore(): void } {
  let origin = performance.now();
  const marks: PhaseMark[] = [];
  const saved: [object, string, AnyFn][] = [];
  const wrap = (proto: Record<string, AnyFn>, name: string) => {
    const original = proto[name];
    if (!original) return;
    saved.push([proto, name, original]);
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (!(result instanceof Promise)) return result;
      const mark: PhaseMark = { name, calledAt: performance.now() - origin, doneAt: -1 };
      marks.push(mark);
      return result.then((v: unknown) => {
        mark.doneAt = performance.now() - origin;
        if (name === 'attach' && v && typeof (v as Readable).on === 'function') {
          (v as Readable).on('end', () => (mark.streamEndAt ??= performance.now() - origin));
          (v as Readable).on('close', () => (mark.streamEndAt ??= performance.now() - origin));
        }
        return v;
      });
    };
  };
  const containerProto = (Docker as unknown as { Container: { prototype: Record<string, AnyFn> } }).Container
    .prototype;
  for (const m of CONTAINER_METHODS) wrap(containerProto, m);
  for (const m of DOCKER_METHODS) wrap(Docker.prototype as unknown as Record<string, AnyFn>, m);
  return {
    marks,
    reset() {
      marks.length = 0;
      origin = performance.now();
    },
    restore() {
      for (const [proto, name, fn] of saved.reverse()) (proto as Record<string, AnyFn>)[name] = fn;
    },
  };
}

/** "putArchive 12→40" style one-line timeline of a run's marks. */
export function formatMarks(marks: PhaseMark[]): string {
  return marks
    .map((m) => {
      const end = m.streamEndAt !== undefined ? ` (stream end ${Math.round(m.streamEndAt)})` : '';
      return `${m.name} ${Math.round(m.calledAt)}→${Math.round(m.doneAt)}${end}`;
    })
    .join(', ');
}
