import type Docker from 'dockerode';
import net from 'node:net';
import type { PreviewInfo } from '../../shared/contract/preview';
import { AppError } from '../../shared/errors';
import { ensureImage, type ImageRole } from '../build/executor-image';
import type { EngineAccess } from '../engine/engine-access';
import { engineMessage, isNotFound } from '../engine/engine-errors';
import type { PullReporter } from '../engine/image-pull';
import { tailLogs } from '../preview/container-run';
import { LABEL, toPreviewInfo } from '../preview/preview-labels';
import { waitForHttp } from '../preview/readiness';
import {
  CACHE_REGISTRY_KIND,
  cacheRegistryContainerSpec,
  cacheRegistryFilter,
  cacheRegistryNames,
  cacheRegistryOwnLabels,
  REGISTRY_PORT_IN_CONTAINER,
} from './cache-registry-spec';

export interface CacheRegistryServiceOptions {
  engine: EngineAccess;
  /** This install's label value (settings): only containers carrying it are ours. */
  installId: string;
  /** The cache registry image setting, read at each start. */
  image: () => string;
  /** Called after the registry started or went away (the Previews page lists it). */
  onChange?: () => void;
  readyTimeoutMs?: number;
}

const DEFAULT_READY_TIMEOUT_MS = 20_000;

const ROLE: ImageRole = {
  title: 'Cache registry image',
  name: 'cache registry image',
  hint: 'Set another cache registry image in Settings (or load it with podman load), or build without the cache.',
  cancelled: 'The build was cancelled.',
};

/**
 * The layer cache of desktop builds: a registry container the app runs on 127.0.0.1:<free port>, started
 * the first time a build asks for the cache and reused after. Its blobs live in a named volume, so Stop on
 * quit (container removed, volume kept) loses nothing; Remove on the Previews page deletes both.
 */
export class CacheRegistryService {
  private address: string | null = null;
  /** The port the next start will try first, chosen now so plans can name it before it runs. */
  private reservedPort: number | null = null;
  private starting: Promise<string> | null = null;

  constructor(private readonly opts: CacheRegistryServiceOptions) {
    freeLoopbackPort().then(
      (port) => (this.reservedPort ??= port),
      () => undefined,
    );
  }

  /** 127.0.0.1:PORT of the running registry as last seen, else where the next start will put it. */
  knownAddress(): string | null {
    return this.address ?? (this.reservedPort ? `127.0.0.1:${this.reservedPort}` : null);
  }

  /** The registry's address once it answers: the running one, or a new one (concurrent calls share it). */
  ensure(report: PullReporter, signal?: AbortSignal): Promise<string> {
    this.starting ??= this.start(report, signal).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** This install's cache registry containers as Previews page rows (no page to open: url is null). */
  async list(): Promise<PreviewInfo[]> {
    const found = await this.find(this.opts.engine.docker());
    if (!found) {
      this.address = null;
      return [];
    }
    const info = toPreviewInfo(found, false);
    return [{ ...info, kind: CACHE_REGISTRY_KIND, url: null }];
  }

  /** Whether this id is our cache registry container (the Previews page's Remove comes here then). */
  async owns(containerId: string): Promise<boolean> {
    return (await this.ownId(containerId)) !== null;
  }

  /** Removes the container and its volume: the cached layers are gone, the next build with cache is cold. */
  async remove(containerId: string): Promise<{ removed: boolean }> {
    const docker = this.opts.engine.docker();
    const id = await this.ownId(containerId);
    if (!id) throw new AppError('NOT_FOUND', `No cache registry ${containerId.slice(0, 12)} exists.`);
    await this.removeContainer(docker, id);
    try {
      await docker.getVolume(cacheRegistryNames(this.opts.installId).volume).remove();
    } catch (err) {
      if (!isNotFound(err)) {
        throw new AppError('UNAVAILABLE', `Could not remove the layer cache volume: ${engineMessage(err)}`);
      }
    }
    this.changed();
    return { removed: true };
  }

  /** On quit: the container goes (its port is freed), the volume and so the cache stay. Never throws. */
  async stop(): Promise<void> {
    try {
      const docker = this.opts.engine.docker();
      const found = await this.find(docker);
      if (found) await this.removeContainer(docker, found.Id);
    } catch {
      // Engine gone: nothing to stop.
    }
  }

  private async start(report: PullReporter, signal?: AbortSignal): Promise<string> {
    const docker = this.opts.engine.docker();
    const found = await this.find(docker);
    const port = found?.State === 'running' ? publishedPort(found) : null;
    if (found && port !== null) {
      await this.waitReady(docker.getContainer(found.Id), port, signal);
      return this.remember(port);
    }
    // A stopped one (after a quit or a reboot) starts afresh on a port that is free now; the volume stays.
    if (found) await this.removeContainer(docker, found.Id);
    const image = this.opts.image();
    await ensureImage(docker, image, ROLE, report, signal);
    await this.ensureVolume(docker);
    const reserved = this.reservedPort;
    const hostPort = reserved && (await isLoopbackPortFree(reserved)) ? reserved : await freeLoopbackPort();
    this.reservedPort = hostPort;
    report.log(`Starting the layer cache registry (${image}) on 127.0.0.1:${hostPort}.`);
    const container = await docker.createContainer(
      cacheRegistryContainerSpec({ image, installId: this.opts.installId, hostPort }),
    );
    try {
      await container.start();
      await this.waitReady(container, hostPort, signal);
    } catch (err) {
      await container.remove({ force: true, v: false }).catch(() => undefined);
      throw err;
    }
    this.changed();
    return this.remember(hostPort);
  }

  private async waitReady(container: Docker.Container, port: number, signal?: AbortSignal): Promise<void> {
    const timeoutMs = this.opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    try {
      await waitForHttp(`http://127.0.0.1:${port}/v2/`, { timeoutMs, ...(signal ? { signal } : {}) });
    } catch (err) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'The build was cancelled.');
      const logs = await tailLogs(container);
      throw new AppError(
        'UNAVAILABLE',
        `The layer cache registry did not answer on 127.0.0.1:${port}.` +
          (logs.length ? `\n\nLast lines of its log:\n${logs.join('\n')}` : ''),
        { hint: ROLE.hint, cause: err },
      );
    }
  }

  private async ensureVolume(docker: Docker): Promise<void> {
    const name = cacheRegistryNames(this.opts.installId).volume;
    try {
      await docker.getVolume(name).inspect();
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await docker.createVolume({ Name: name, Labels: cacheRegistryOwnLabels(this.opts.installId) });
    }
  }

  private async find(docker: Docker): Promise<Docker.ContainerInfo | null> {
    const list = await docker.listContainers({
      all: true,
      filters: cacheRegistryFilter(this.opts.installId),
    });
    return list.sort((a, b) => b.Created - a.Created)[0] ?? null;
  }

  private async ownId(containerId: string): Promise<string | null> {
    try {
      const info = await this.opts.engine.docker().getContainer(containerId).inspect();
      const labels = info.Config.Labels ?? {};
      const ours = labels[LABEL.owned] === '1' && labels[LABEL.kind] === CACHE_REGISTRY_KIND;
      return ours && labels[LABEL.install] === this.opts.installId ? info.Id : null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  private async removeContainer(docker: Docker, id: string): Promise<void> {
    this.address = null;
    try {
      await docker.getContainer(id).remove({ force: true, v: false });
    } catch (err) {
      if (!isNotFound(err)) {
        throw new AppError('UNAVAILABLE', `Could not remove the cache registry: ${engineMessage(err)}`);
      }
    }
  }

  private remember(port: number): string {
    this.address = `127.0.0.1:${port}`;
    return this.address;
  }

  private changed(): void {
    this.opts.onChange?.();
  }
}

function publishedPort(c: Docker.ContainerInfo): number | null {
  const p = (c.Ports ?? []).find((x) => x.PrivatePort === REGISTRY_PORT_IN_CONTAINER && x.PublicPort);
  return p?.PublicPort ?? null;
}

/** A port no program holds on 127.0.0.1 right now (the kernel's choice). */
function freeLoopbackPort(): Promise<number> {
  return listenOnce(0);
}

function isLoopbackPortFree(port: number): Promise<boolean> {
  return listenOnce(port).then(
    () => true,
    () => false,
  );
}

function listenOnce(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: wanted, host: '127.0.0.1', exclusive: true }, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
