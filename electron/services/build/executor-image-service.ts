import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { TaskManager } from '../../core/task-manager';
import { AppError, validationError } from '../../shared/errors';
import type { EngineAccess } from '../engine/engine-access';
import { engineMessage } from '../engine/engine-errors';
import { inspectLocalImage } from '../engine/image-pull';
import { ensureExecutorImage } from './executor-image';
import { loadImageArchive } from './runner/load-image';

export interface ExecutorImageServiceOptions {
  engine: EngineAccess;
  tasks: TaskManager;
  /** The executor image setting, read at each call. */
  executorImage: () => string;
}

export interface ExecutorImageStatus {
  image: string;
  present: boolean;
}

/**
 * The executor image before the first build: is it in the engine's storage, pull it now (a task), or
 * load it from an archive file (`podman save` / `docker save` output) where no registry is reachable.
 */
export class ExecutorImageService {
  constructor(private readonly opts: ExecutorImageServiceOptions) {}

  async status(): Promise<ExecutorImageStatus> {
    const image = this.opts.executorImage();
    const present = (await inspectLocalImage(this.opts.engine.docker(), image)) !== null;
    return { image, present };
  }

  /** Pulls the configured image as a task; the page follows the task for progress and the outcome. */
  pull(): { taskId: string } {
    const image = this.opts.executorImage();
    const docker = this.opts.engine.docker();
    const { id, result } = this.opts.tasks.start(
      { kind: 'executor.pull', title: `Pull executor image ${image}`, page: 'build' },
      async (task) => {
        const how = await ensureExecutorImage(docker, image, task, task.signal);
        task.log(how === 'present' ? `${image} is already in Podman's storage.` : `Pulled ${image}.`);
      },
    );
    result.catch(() => undefined); // reported through the task
    return { taskId: id };
  }

  /** Loads an image archive from a file on the machine running the services. */
  async load(filePath: string): Promise<ExecutorImageStatus & { loaded: string[] }> {
    const file = filePath.trim();
    if (!path.isAbsolute(file)) throw validationError({ path: 'Enter the full path of the image archive.' });
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw validationError({ path: `There is no file ${file}.` });
    let loaded: string[];
    try {
      loaded = await loadImageArchive(this.opts.engine.docker(), createReadStream(file));
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('VALIDATION', `Podman could not load ${file}: ${engineMessage(err)}`, {
        hint: 'Use an archive written by podman save or docker save.',
        fields: { path: 'Not an image archive Podman can load.' },
        cause: err,
      });
    }
    const status = await this.status();
    if (!status.present)
      throw new AppError(
        'NOT_FOUND',
        `The archive was loaded (${loaded.join(', ') || 'no image name in it'}), but it does not hold ${status.image}.`,
        {
          hint: 'Load the archive of that image, or set the loaded image as the executor image in Settings.',
        },
      );
    return { ...status, loaded };
  }
}
