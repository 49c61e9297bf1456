import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { TaskManager } from '../../core/task-manager';
import type { ParsedParams } from '../../shared/contract';
import {
  PORT_CONFLICT_FIELDS,
  type LocalImage,
  type PreviewInfo,
  type PreviewRunResult,
} from '../../shared/contract/preview';
import { AppError } from '../../shared/errors';
import type { EngineAccess } from '../engine/engine-access';
import { engineMessage, isNotFound } from '../engine/engine-errors';
import { previewCapabilities } from './capabilities';
import { runPreviewContainer, tailLogs } from './container-run';
import { requireImageRef } from '../build/logic/image-ref';
import { inspectLocalImage, pullPreviewImage, type GetAuth } from './image-pull';
import { PinStore } from './pin-store';
import { isPortBusy, findFreePort } from './port-probe';
import { LABEL, ownPreviewFilter, previewLabels, previewUrl, toPreviewInfo } from './preview-labels';

export interface PreviewServiceOptions {
  engine: EngineAccess;
  tasks: TaskManager;
  /** Folder for the pinned-previews file. */
  dataDir: string;
  /** Stored credentials per registry host (from the credentials service); none by default. */
  getAuth?: GetAuth;
  /** Receives the list after every change (the sticky 'preview.list' event). */
  publish: (previews: PreviewInfo[]) => void;
  /** This install's label value (settings): only containers carrying it are ours. */
  installId: string;
  /** How long a started container may take to answer on its port. */
  readyTimeoutMs?: number;
}

/** Other containers the app runs for the user (the layer cache registry), listed and removed with previews. */
export interface AppContainerSource {
  list(): Promise<PreviewInfo[]>;
  owns(containerId: string): Promise<boolean>;
  remove(containerId: string): Promise<{ removed: boolean }>;
}

const DEFAULT_CONTAINER_PORT = 8080;
const DEFAULT_READY_TIMEOUT_MS = 20_000;
/** How long a removed container may take to release its host port. */
const PORT_RELEASE_MS = 3_000;

/**
 * Runs images as local previews (http://localhost:<port>/) and manages them: busy-port diagnosis,
 * pull with credentials, readiness, logs, pinning, and stopping everything unpinned on quit.
 */
export class PreviewService {
  private readonly pins: PinStore;
  /** Runs one at a time, so two runs cannot both decide the same port is free. */
  private runQueue: Promise<unknown> = Promise.resolve();
  private readonly appContainers: AppContainerSource[] = [];

  constructor(private readonly opts: PreviewServiceOptions) {
    this.pins = new PinStore(opts.dataDir);
  }

  run(params: ParsedParams<'preview.run'>): Promise<PreviewRunResult> {
    const image = requireImageRef(params.image, 'image');
    const capabilities = previewCapabilities(params.extraCapabilities);
    const next = this.runQueue.then(async () => {
      const docker = this.opts.engine.docker();
      const ours = await this.list();
      const { hostPort } = params;
      const onPort = ours.filter((p) => p.state === 'running' && p.hostPort === hostPort);
      const other = onPort.find((p) => p.image !== image.full);
      if (other && !params.replace) throw await previewHoldsPort(hostPort, other, ours);
      if (onPort.length === 0 && (await isPortBusy(hostPort))) {
        throw await processHoldsPort(hostPort, ours);
      }
      // Our previews of this image (a rerun after a rebuild) and the replaced holder of the port go.
      const replaced = ours.filter((p) => p.image === image.full || onPort.includes(p));

      const task = this.opts.tasks.start(
        { kind: 'preview.run', title: `Run ${image.full} on localhost:${hostPort}`, page: 'previews' },
        async (t) => {
          let local = await inspectLocalImage(docker, image.full);
          if (!local) {
            await pullPreviewImage(docker, image, this.opts.getAuth ?? (() => null), t);
            local = await inspectLocalImage(docker, image.full);
            if (!local) throw new AppError('NOT_FOUND', `${image.full} is still missing after the pull.`);
          }
          const containerPort = params.containerPort ?? exposedPort(local) ?? DEFAULT_CONTAINER_PORT;
          t.progress(null, 'Starting');
          for (const p of replaced) {
            t.log(`Replacing preview ${p.name} (${p.image}).`);
            await this.removeContainer(docker, p.containerId);
          }
          if (replaced.some((p) => p.hostPort === hostPort)) await waitForPortRelease(hostPort);
          if (await isPortBusy(hostPort)) throw await processHoldsPort(hostPort, await this.list());

          t.log(`Running ${image.full}: localhost:${hostPort} → container port ${containerPort}.`);
          t.progress(null, `Waiting for localhost:${hostPort}`);
          const containerId = await runPreviewContainer(docker, {
            ref: image.full,
            name: `kd-preview-${hostPort}-${randomBytes(3).toString('hex')}`,
            hostPort,
            containerPort,
            capabilities,
            labels: previewLabels(image.full, hostPort, containerPort, this.opts.installId),
            readyTimeoutMs: this.opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
            signal: t.signal,
            log: (...lines) => t.log(...lines),
          });
          return { containerId, url: previewUrl(hostPort), hostPort, containerPort, image: image.full };
        },
      );
      try {
        return await task.result;
      } finally {
        await this.refresh();
      }
    });
    this.runQueue = next.catch(() => undefined);
    return next;
  }

  /** Our preview containers (running or exited, not yet removed), newest first. */
  async list(): Promise<PreviewInfo[]> {
    const docker = this.opts.engine.docker();
    const found = await docker.listContainers({ all: true, filters: ownPreviewFilter(this.opts.installId) });
    await this.pins.retain(new Set(found.map((c) => c.Id)));
    const pinned = await this.pins.all();
    return found.map((c) => toPreviewInfo(c, pinned.has(c.Id))).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Lists `source`'s containers with the previews, and lets Stop remove them. */
  addAppContainers(source: AppContainerSource): void {
    this.appContainers.push(source);
  }

  /** Stops and removes one of our previews (or one of the other containers listed with them). */
  async stop(containerId: string): Promise<{ removed: boolean }> {
    const source = await this.appContainerSource(containerId);
    if (source) return await source.remove(containerId);
    const docker = this.opts.engine.docker();
    const id = await this.ownPreviewId(docker, containerId);
    await this.removeContainer(docker, id);
    await this.refresh();
    return { removed: true };
  }

  async logs(containerId: string, tail: number): Promise<{ lines: string[] }> {
    const docker = this.opts.engine.docker();
    const id = (await this.appContainerSource(containerId))
      ? containerId
      : await this.ownPreviewId(docker, containerId);
    return { lines: await tailLogs(docker.getContainer(id), tail) };
  }

  async pin(containerId: string, pinned: boolean): Promise<PreviewInfo> {
    const id = await this.ownPreviewId(this.opts.engine.docker(), containerId);
    await this.pins.set(id, pinned);
    const list = await this.refresh();
    const info = list.find((p) => p.containerId === id);
    if (!info) throw new AppError('NOT_FOUND', 'That preview is gone.');
    return info;
  }

  async suggestPort(from: number): Promise<{ port: number }> {
    let ours: PreviewInfo[] = [];
    try {
      ours = await this.list();
    } catch {
      // Without the engine we can still look for a port no program holds.
    }
    const port = await findFreePort(from, heldPorts(ours));
    if (port === null) throw new AppError('CONFLICT', `No free port found from ${from} on.`);
    return { port };
  }

  /** Named images in local storage, newest first (untagged layers and intermediate images left out). */
  async localImages(): Promise<LocalImage[]> {
    const images = await this.opts.engine.docker().listImages();
    return images
      .flatMap((img) =>
        (img.RepoTags ?? [])
          .filter((t) => t && !t.includes('<none>'))
          .map((ref) => ({ ref, id: img.Id, createdAt: img.Created * 1000, size: img.Size })),
      )
      .sort((a, b) => b.createdAt - a.createdAt || a.ref.localeCompare(b.ref));
  }

  /** On quit: removes every preview (or every unpinned one). Never throws. */
  async stopAll(opts: { exceptPinned: boolean }): Promise<void> {
    try {
      const docker = this.opts.engine.docker();
      const previews = await this.list();
      await Promise.all(
        previews
          .filter((p) => !(opts.exceptPinned && p.pinned))
          .map((p) => this.removeContainer(docker, p.containerId).catch(() => undefined)),
      );
    } catch {
      // Engine gone: nothing we can stop.
    }
  }

  /** Reads the list (previews, then the app's other containers) and publishes it ('preview.list'). */
  async listAndPublish(): Promise<PreviewInfo[]> {
    const others = await Promise.all(this.appContainers.map((s) => s.list()));
    const list = [...(await this.list()), ...others.flat()];
    this.opts.publish(list);
    return list;
  }

  /** Like listAndPublish, after a change; an engine failure here must not mask the change's outcome. */
  private async refresh(): Promise<PreviewInfo[]> {
    return this.listAndPublish().catch(() => []);
  }

  private async removeContainer(docker: Docker, id: string): Promise<void> {
    // Forced: a preview holds no data worth a graceful stop, and a server running as PID 1 often
    // ignores SIGTERM, which would cost the whole stop timeout on every replace and quit.
    try {
      await docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      if (!isNotFound(err)) {
        throw new AppError(
          'UNAVAILABLE',
          `Could not remove preview ${id.slice(0, 12)}: ${engineMessage(err)}`,
        );
      }
    }
    await this.pins.set(id, false);
  }

  private async appContainerSource(containerId: string): Promise<AppContainerSource | null> {
    for (const source of this.appContainers) if (await source.owns(containerId)) return source;
    return null;
  }

  /** The full id of a container only if it is one of our previews (so the API cannot stop others). */
  private async ownPreviewId(docker: Docker, containerId: string): Promise<string> {
    try {
      const info = await docker.getContainer(containerId).inspect();
      const labels = info.Config.Labels ?? {};
      const ours = labels[LABEL.owned] === '1' && labels[LABEL.kind] === 'preview';
      if (ours && labels[LABEL.install] === this.opts.installId) return info.Id;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    throw new AppError(
      'NOT_FOUND',
      `No preview ${containerId.slice(0, 12)} exists (it may have been removed).`,
    );
  }
}

function heldPorts(previews: PreviewInfo[]): Set<number> {
  return new Set(previews.flatMap((p) => (p.state === 'running' && p.hostPort !== null ? [p.hostPort] : [])));
}

async function previewHoldsPort(port: number, holder: PreviewInfo, ours: PreviewInfo[]): Promise<AppError> {
  const suggested = await findFreePort(port + 1, heldPorts(ours));
  return new AppError('CONFLICT', `Port ${port} is used by your preview of ${holder.image}.`, {
    hint:
      suggested !== null
        ? `Replace that preview, or use port ${suggested} instead.`
        : `Replace that preview, or choose another host port.`,
    fields: {
      hostPort: `Used by your preview of ${holder.image}.`,
      [PORT_CONFLICT_FIELDS.holder]: 'preview',
      [PORT_CONFLICT_FIELDS.containerId]: holder.containerId,
      [PORT_CONFLICT_FIELDS.image]: holder.image,
      ...(suggested !== null ? { [PORT_CONFLICT_FIELDS.suggestedPort]: String(suggested) } : {}),
    },
  });
}

async function processHoldsPort(port: number, ours: PreviewInfo[]): Promise<AppError> {
  const suggested = await findFreePort(port + 1, heldPorts(ours));
  return new AppError('CONFLICT', `Port ${port} is used by another program on this computer.`, {
    hint:
      suggested !== null
        ? `Use port ${suggested} instead, or stop the program that uses ${port}.`
        : `Stop the program that uses ${port}, or choose another port.`,
    fields: {
      hostPort: 'Used by another program.',
      [PORT_CONFLICT_FIELDS.holder]: 'process',
      ...(suggested !== null ? { [PORT_CONFLICT_FIELDS.suggestedPort]: String(suggested) } : {}),
    },
  });
}

/** The image's EXPOSEd TCP port: 8080 if it is among them, else the lowest. */
function exposedPort(image: Docker.ImageInspectInfo): number | null {
  const ports = Object.keys(image.Config?.ExposedPorts ?? {})
    .map((k) => /^(\d+)(?:\/tcp)?$/.exec(k))
    .flatMap((m) => (m ? [Number(m[1])] : []))
    .filter((n) => n > 0 && n < 65536)
    .sort((a, b) => a - b);
  if (ports.includes(DEFAULT_CONTAINER_PORT)) return DEFAULT_CONTAINER_PORT;
  return ports[0] ?? null;
}

async function waitForPortRelease(port: number): Promise<void> {
  const deadline = Date.now() + PORT_RELEASE_MS;
  while (Date.now() < deadline && (await isPortBusy(port))) await new Promise((r) => setTimeout(r, 100));
}
