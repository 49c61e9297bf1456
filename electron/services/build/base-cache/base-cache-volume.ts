import type Docker from 'dockerode';
import type { BaseImageCacheStatus } from '../../../shared/contract/build';
import { AppError } from '../../../shared/errors';
import type { EngineAccess } from '../../engine/engine-access';
import { engineStatusCode, isNotFound } from '../../engine/engine-errors';
import { baseCacheVolumeName } from '../logic/base-image-cache';
import { LABEL_INSTALL, LABEL_KIND, LABEL_OWNED } from '../runner/container-spec';

export const BASE_CACHE_KIND = 'base-image-cache';

export interface BaseCacheVolumeOptions {
  engine: EngineAccess;
  installId: string;
  /** The setting (read each time). */
  enabled: () => boolean;
  /** Whether a build is running now (it may be reading or filling the cache). */
  buildRunning: () => boolean;
}

/**
 * The base-image cache's volume on the engine: created (labelled as this install's) before a build
 * needs it, measured for Settings, removed by Clear. A volume of that name that is not ours is never
 * used or removed.
 */
export class BaseCacheVolume {
  readonly name: string;

  constructor(private readonly opts: BaseCacheVolumeOptions) {
    this.name = baseCacheVolumeName(opts.installId);
  }

  /** Whether builds use the cache (the setting). */
  enabled(): boolean {
    return this.opts.enabled();
  }

  /** Creates the volume when missing; refuses one of the same name that another owner made. */
  async ensure(docker: Docker): Promise<void> {
    const labels = await this.labels(docker);
    if (labels === null) {
      await docker
        .createVolume({
          Name: this.name,
          Labels: {
            [LABEL_OWNED]: '1',
            [LABEL_KIND]: BASE_CACHE_KIND,
            [LABEL_INSTALL]: this.opts.installId,
          },
        })
        .catch((err: unknown) => {
          // Another build of this install made it a moment ago.
          if (engineStatusCode(err) !== 409) throw err;
        });
      return;
    }
    this.requireOurs(labels);
  }

  async status(): Promise<BaseImageCacheStatus> {
    const docker = this.opts.engine.docker();
    const labels = await this.labels(docker);
    return {
      volume: this.name,
      enabled: this.opts.enabled(),
      exists: labels !== null,
      sizeBytes: labels === null ? 0 : await this.size(docker),
      inUse: this.opts.buildRunning(),
    };
  }

  /** Removes the volume and everything in it; refused while a build runs (it may be reading it). */
  async clear(): Promise<BaseImageCacheStatus & { freedBytes: number | null }> {
    if (this.opts.buildRunning()) {
      throw new AppError('CONFLICT', 'A build is running and may be using the base-image cache.', {
        hint: 'Clear the cache when the build has finished (or cancel it first).',
      });
    }
    const docker = this.opts.engine.docker();
    const labels = await this.labels(docker);
    if (labels === null) return { ...(await this.status()), freedBytes: 0 };
    this.requireOurs(labels);
    const freedBytes = await this.size(docker);
    await docker
      .getVolume(this.name)
      .remove()
      .catch((err: unknown) => {
        if (isNotFound(err)) return;
        if (engineStatusCode(err) === 409) {
          throw new AppError('CONFLICT', `The volume ${this.name} is in use by a container.`, {
            hint: 'Wait for the build that uses it to end, then clear the cache again.',
            cause: err,
          });
        }
        throw err;
      });
    return { ...(await this.status()), freedBytes };
  }

  /** The volume's labels, or null when it does not exist. */
  private async labels(docker: Docker): Promise<Record<string, string> | null> {
    try {
      const info = (await docker.getVolume(this.name).inspect()) as {
        Labels?: Record<string, string> | null;
      };
      return info.Labels ?? {};
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  private requireOurs(labels: Record<string, string>): void {
    if (labels[LABEL_OWNED] === '1' && labels[LABEL_INSTALL] === this.opts.installId) return;
    throw new AppError('CONFLICT', `A volume named ${this.name} exists, but this app did not make it.`, {
      hint: `Remove or rename that volume (podman volume rm ${this.name}), or turn the base-image cache off in Settings.`,
    });
  }

  /** Bytes in the volume as the engine's disk-usage report says, or null when it does not say. */
  private async size(docker: Docker): Promise<number | null> {
    try {
      const df = (await docker.df()) as {
        Volumes?: { Name?: string; UsageData?: { Size?: number } | null }[] | null;
      };
      const size = df.Volumes?.find((v) => v.Name === this.name)?.UsageData?.Size;
      return typeof size === 'number' && size >= 0 ? size : null;
    } catch {
      return null; // the size is a nicety: Settings says "unknown"
    }
  }
}
