import type Docker from 'dockerode';
import type { PreviewInfo } from '../../shared/contract/preview';

/** Labels on every preview container; they are how the app finds its own previews again. */
export const LABEL = {
  owned: 'io.kaniko-desktop.owned',
  kind: 'io.kaniko-desktop.kind',
  image: 'io.kaniko-desktop.image',
  hostPort: 'io.kaniko-desktop.host-port',
  containerPort: 'io.kaniko-desktop.container-port',
  /** This install's random value (settings): any image can copy the other labels. */
  install: 'io.kaniko-desktop.install',
} as const;

export function previewLabels(
  image: string,
  hostPort: number,
  containerPort: number,
  installId: string,
): Record<string, string> {
  return {
    [LABEL.install]: installId,
    [LABEL.owned]: '1',
    [LABEL.kind]: 'preview',
    [LABEL.image]: image,
    [LABEL.hostPort]: String(hostPort),
    [LABEL.containerPort]: String(containerPort),
  };
}

/** listContainers filter that matches previews of any install of the app (labels are ANDed). */
export const PREVIEW_FILTER = { label: [`${LABEL.owned}=1`, `${LABEL.kind}=preview`] };

/** Only this install's previews. */
export function ownPreviewFilter(installId: string): { label: string[] } {
  return { label: [...PREVIEW_FILTER.label, `${LABEL.install}=${installId}`] };
}

/** Turns a container summary into a preview entry (ports from the engine, labels as fallback). */
export function toPreviewInfo(c: Docker.ContainerInfo, pinned: boolean): PreviewInfo {
  const labels = c.Labels ?? {};
  const containerPortLabel = toPort(labels[LABEL.containerPort]);
  const published = (c.Ports ?? []).find(
    (p) => p.PublicPort && (containerPortLabel === null || p.PrivatePort === containerPortLabel),
  );
  const running = c.State === 'running';
  const hostPort = published?.PublicPort ?? (running ? toPort(labels[LABEL.hostPort]) : null);
  const containerPort = published?.PrivatePort ?? containerPortLabel;
  return {
    kind: 'preview',
    containerId: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: labels[LABEL.image] ?? c.Image,
    hostPort,
    containerPort,
    url: hostPort !== null && running ? previewUrl(hostPort) : null,
    state: c.State,
    status: c.Status,
    createdAt: c.Created * 1000,
    pinned,
  };
}

export function previewUrl(hostPort: number): string {
  return `http://localhost:${hostPort}/`;
}

function toPort(v: string | undefined): number | null {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : null;
}
