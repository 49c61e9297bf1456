import { z } from 'zod';
import type { ErrorPayload } from '../errors';
import { event, request } from './define';
import { Id } from './limits';

const Port = z.number().int().min(1).max(65535);

/** One running (or exited, not yet removed) preview container that the app created. */
export const PreviewInfo = z.object({
  /** preview = a run image; cache-registry = the app's layer cache registry for builds (no page to open). */
  kind: z.enum(['preview', 'cache-registry']),
  containerId: z.string(),
  name: z.string(),
  /** Fully qualified image reference, e.g. docker.io/alice/kaniko-nginx:latest. */
  image: z.string(),
  hostPort: Port.nullable(),
  containerPort: Port.nullable(),
  /** http://localhost:<hostPort>/ (null when the container publishes no port any more). */
  url: z.string().nullable(),
  /** Engine state: running, exited, created… */
  state: z.string(),
  /** Human status from the engine, e.g. "Up 3 minutes". */
  status: z.string(),
  createdAt: z.number(),
  /** Pinned previews keep running when the app quits. */
  pinned: z.boolean(),
});
export type PreviewInfo = z.infer<typeof PreviewInfo>;

export const PreviewRunParams = z.object({
  /** Any image reference; short names are qualified (docker.io/library/…) before use. */
  image: z.string().trim().min(1).max(512),
  hostPort: Port.default(8080),
  /** Defaults to the port the image EXPOSEs (8080 when it exposes none). */
  containerPort: Port.optional(),
  /** Replace whatever preview of ours holds the host port. */
  replace: z.boolean().default(false),
  /** Capabilities added to the reduced default set (e.g. ["NET_RAW"]); names without CAP_. */
  extraCapabilities: z
    .array(
      z
        .string()
        .max(36)
        .regex(/^(CAP_)?[A-Z_]{2,32}$/),
    )
    .max(16)
    .default([]),
});
export type PreviewRunParams = z.input<typeof PreviewRunParams>;

export const PreviewRunResult = z.object({
  containerId: z.string(),
  url: z.string(),
  hostPort: Port,
  containerPort: Port,
  image: z.string(),
});
export type PreviewRunResult = z.infer<typeof PreviewRunResult>;

const ById = z.object({ containerId: Id });

/** An image in the engine's local storage, by one of its names. */
export const LocalImage = z.object({
  ref: z.string(),
  id: z.string(),
  createdAt: z.number(),
  size: z.number(),
});
export type LocalImage = z.infer<typeof LocalImage>;

export const previewRequests = {
  /** Pulls when needed, starts the image and resolves once http://localhost:<hostPort>/ answers. */
  'preview.run': request(PreviewRunParams, PreviewRunResult),
  'preview.list': request(z.object({}), z.array(PreviewInfo)),
  /** Stops and removes the container (for the cache registry also its stored layers). */
  'preview.stop': request(ById, z.object({ removed: z.boolean() })),
  'preview.logs': request(
    ById.extend({ tail: z.number().int().min(1).max(10_000).default(500) }),
    z.object({ lines: z.array(z.string()) }),
  ),
  'preview.pin': request(ById.extend({ pinned: z.boolean() }), PreviewInfo),
  /** Named images in local storage, newest first (what can be run without a pull). */
  'preview.images': request(z.object({}), z.array(LocalImage)),
  /** The first port from `from` on that neither another program nor one of our previews holds. */
  'preview.suggestPort': request(z.object({ from: Port.default(8080) }), z.object({ port: Port })),
};

export const previewEvents = {
  'preview.list': event(z.object({ previews: z.array(PreviewInfo) }), { sticky: true }),
};

/**
 * A busy host port is reported as CONFLICT with these entries in `fields`, so a form can say who
 * holds the port and offer the way out (replace our preview, or use the suggested free port).
 */
export const PORT_CONFLICT_FIELDS = {
  holder: 'portHolder', // 'preview' | 'process'
  containerId: 'holderContainerId',
  image: 'holderImage',
  suggestedPort: 'suggestedPort',
} as const;

export interface PortConflict {
  holder: 'preview' | 'process';
  containerId?: string;
  image?: string;
  suggestedPort?: number;
}

/** Reads a busy-port conflict out of an error payload (null when the error is something else). */
export function readPortConflict(error: ErrorPayload): PortConflict | null {
  const f = error.fields;
  if (error.code !== 'CONFLICT' || !f) return null;
  const holder = f[PORT_CONFLICT_FIELDS.holder];
  if (holder !== 'preview' && holder !== 'process') return null;
  const suggested = Number(f[PORT_CONFLICT_FIELDS.suggestedPort]);
  return {
    holder,
    ...(f[PORT_CONFLICT_FIELDS.containerId] ? { containerId: f[PORT_CONFLICT_FIELDS.containerId] } : {}),
    ...(f[PORT_CONFLICT_FIELDS.image] ? { image: f[PORT_CONFLICT_FIELDS.image] } : {}),
    ...(Number.isInteger(suggested) && suggested > 0 ? { suggestedPort: suggested } : {}),
  };
}
