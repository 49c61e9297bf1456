import { randomBytes } from 'node:crypto';
import { AppError, validationError } from '../../shared/errors';
import { Settings, SettingsPatch } from '../../shared/contract/settings';
import { parseImageRef } from '../build/logic/image-ref';
import { defaultSettings } from './defaults';
import { migrateSettings } from './migrations';
import type { SettingsStore } from './settings-store';

export type SettingsListener = (next: Settings, prev: Settings) => void;

/**
 * The app's settings: loaded once (migrated, invalid fields reset to their defaults), validated on every
 * update, written through the store, and announced to listeners (the `settings.changed` event).
 */
export class SettingsService {
  private current: Settings;
  private readonly listeners = new Set<SettingsListener>();
  /**
   * A random value made once per install and kept in the settings file (not a setting: the page cannot
   * change it). Our containers carry it as a label, so crash recovery never touches a container that
   * merely copies the app's labels.
   */
  readonly installId: string;

  constructor(private readonly store: SettingsStore) {
    const raw = store.read();
    this.current = loadSettings(raw);
    const stored = asObject(raw).installId;
    this.installId = typeof stored === 'string' && INSTALL_ID.test(stored) ? stored : newInstallId();
    if (stored !== this.installId) {
      try {
        this.write(this.current);
      } catch {
        // An unwritable folder: this run still labels consistently; commit() reports the problem later.
      }
    }
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Where the settings file is (shown in the UI). */
  get path(): string {
    return this.store.path;
  }

  /** Validates a partial update, merges it and saves. Throws VALIDATION with per-field messages. */
  update(patch: unknown): Settings {
    const parsed = SettingsPatch.safeParse(patch);
    if (!parsed.success) throw validationError(fieldErrors(parsed.error.issues));
    const p = parsed.data;
    const merged = {
      ...this.current,
      ...p,
      defaults: { ...this.current.defaults, ...p.defaults },
      preview: { ...this.current.preview, ...p.preview },
    };
    const checked = Settings.safeParse(merged);
    if (!checked.success) throw validationError(fieldErrors(checked.error.issues));
    for (const key of ['executorImage', 'cacheRegistryImage'] as const) {
      if (p[key] === undefined) continue;
      const ref = parseImageRef(checked.data[key]);
      if (!ref.ok) throw validationError({ [key]: ref.error });
    }
    return this.commit(checked.data);
  }

  reset(): Settings {
    return this.commit(defaultSettings());
  }

  /** Called after every change with the new and previous settings; returns an unsubscribe function. */
  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(settings: Settings): void {
    this.store.write({ ...settings, installId: this.installId });
  }

  private commit(next: Settings): Settings {
    const prev = this.current;
    try {
      this.write(next);
    } catch (err) {
      throw new AppError('INTERNAL', `Could not save the settings file ${this.store.path}.`, {
        hint: 'Check that the folder exists and is writable, then try again.',
        cause: err,
      });
    }
    this.current = next;
    for (const l of this.listeners) l(this.get(), prev);
    return this.get();
  }
}

const INSTALL_ID = /^[0-9a-f]{32}$/;
const newInstallId = () => randomBytes(16).toString('hex');

/** Migrates a stored document and replaces every invalid (or missing) field by its default. */
export function loadSettings(raw: unknown): Settings {
  const defaults = defaultSettings();
  const doc = migrateSettings(raw);
  const out: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(Settings.shape) as (keyof Settings)[]) {
    if (!(key in doc)) continue;
    const field = Settings.shape[key];
    const value = isGroup(defaults[key]) ? { ...(defaults[key] as object), ...asObject(doc[key]) } : doc[key];
    const parsed = field.safeParse(value);
    if (parsed.success) {
      out[key] = parsed.data;
    } else if (isGroup(defaults[key])) {
      // Keep the valid members of a group, reset only the broken ones.
      out[key] = mergeValidMembers(defaults[key] as Record<string, unknown>, asObject(doc[key]), field);
    }
  }
  return Settings.parse(out);
}

function mergeValidMembers(
  defaults: Record<string, unknown>,
  stored: Record<string, unknown>,
  schema: { safeParse(v: unknown): { success: boolean } },
): Record<string, unknown> {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(stored)) {
    if (!(k in defaults)) continue;
    if (schema.safeParse({ ...out, [k]: v }).success) out[k] = v;
  }
  return out;
}

function isGroup(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function asObject(v: unknown): Record<string, unknown> {
  return isGroup(v) ? (v as Record<string, unknown>) : {};
}

function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path.map(String).join('.') || '(settings)'] ??= issue.message;
  return fields;
}
