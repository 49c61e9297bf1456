import { z } from 'zod';
import { event, request } from './define';
import { HostPath, LIMITS } from './limits';

/** Bumped whenever the stored shape changes; electron/services/settings/migrations.ts upgrades old files. */
export const SETTINGS_VERSION = 1;

const port = z.number().int().min(1).max(65_535);

/** host[:port], lowercase, no scheme or path (e.g. docker.io, ghcr.io, 127.0.0.1:5000). */
export const RegistryHost = z
  .string()
  .trim()
  .toLowerCase()
  .max(LIMITS.name)
  .regex(
    /^(\[[0-9a-f:]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/,
    'a registry host such as docker.io or 127.0.0.1:5000',
  )
  .refine((host) => Number(/:(\d+)$/.exec(host)?.[1] ?? 1) <= 65_535 && !/:0+$/.test(host), {
    message: 'a port from 1 to 65535',
  });

export const Theme = z.enum(['system', 'light', 'dark']);

export const WindowBounds = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200),
  height: z.number().int().min(150),
});

export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION),
  /** Explicit Podman API socket; null = discover it (environment, machine, OS default). */
  engineSocket: HostPath.trim().min(1).nullable(),
  /** Podman machine the app manages; null = Podman's default machine. */
  machineName: z.string().trim().min(1).max(100).nullable(),
  /** Kaniko executor image used for builds (pinned by default, changeable). */
  executorImage: z.string().trim().min(1).max(500),
  /** The registry image the app runs on loopback as the layer cache of builds (started on demand). */
  cacheRegistryImage: z.string().trim().min(1).max(500),
  defaults: z.object({
    registry: RegistryHost,
    repository: z.string().trim().min(1).max(255),
    tag: z
      .string()
      .trim()
      .max(128)
      .regex(/^[\w][\w.-]{0,127}$/, 'a tag: letters, digits, _ . - (max 128)'),
  }),
  lastContextFolder: HostPath.min(1).nullable(),
  theme: Theme,
  preview: z.object({ hostPort: port, containerPort: port }),
  /** Lines a log view keeps before dropping the oldest. */
  logLineLimit: z.number().int().min(1_000).max(10_000_000),
  windowBounds: WindowBounds.nullable(),
  /** Keep base images in a volume the app owns, so a rebuild does not download them again. */
  baseImageCache: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

/** A partial update: any subset of fields; nested groups may be partial too. */
export const SettingsPatch = z
  .object({
    engineSocket: Settings.shape.engineSocket,
    machineName: Settings.shape.machineName,
    executorImage: Settings.shape.executorImage,
    cacheRegistryImage: Settings.shape.cacheRegistryImage,
    defaults: Settings.shape.defaults.partial(),
    lastContextFolder: Settings.shape.lastContextFolder,
    theme: Settings.shape.theme,
    preview: Settings.shape.preview.partial(),
    logLineLimit: Settings.shape.logLineLimit,
    windowBounds: Settings.shape.windowBounds,
    baseImageCache: Settings.shape.baseImageCache,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const settingsRequests = {
  'settings.get': request(z.object({}), Settings),
  /** Validates and applies a partial update; answers with the whole new settings. */
  'settings.update': request(SettingsPatch, Settings),
  /** Back to the defaults (credentials are not touched). */
  'settings.reset': request(z.object({}), Settings),
};

export const settingsEvents = {
  'settings.changed': event(Settings, { sticky: true }),
};
