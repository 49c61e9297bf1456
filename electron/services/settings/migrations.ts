import { SETTINGS_VERSION } from '../../shared/contract/settings';

type Doc = Record<string, unknown>;

/**
 * Upgrades from version N to N+1, keyed by N. Files written before versioning count as version 0.
 * Each step only renames or reshapes; values that are still invalid afterwards fall back to defaults.
 */
const STEPS: Record<number, (doc: Doc) => Doc> = {
  // 0 → 1: early builds stored flat keys (executor, registry, repository, tag, hostPort).
  0: (doc) => {
    const { executor, registry, repository, tag, hostPort, containerPort, ...rest } = doc;
    const out: Doc = { ...rest };
    if (executor !== undefined && out.executorImage === undefined) out.executorImage = executor;
    if (registry !== undefined || repository !== undefined || tag !== undefined) {
      out.defaults = { ...asDoc(out.defaults), registry, repository, tag };
    }
    if (hostPort !== undefined || containerPort !== undefined) {
      out.preview = { ...asDoc(out.preview), hostPort, containerPort };
    }
    return out;
  },
};

/** Brings a stored document up to the current version (a newer or unknown version is taken as is). */
export function migrateSettings(raw: unknown): Doc {
  let doc = asDoc(raw);
  let version = typeof doc.version === 'number' && Number.isInteger(doc.version) ? doc.version : 0;
  while (version < SETTINGS_VERSION) {
    const step = STEPS[version];
    if (step) doc = step(doc);
    version += 1;
  }
  return { ...doc, version: SETTINGS_VERSION };
}

function asDoc(value: unknown): Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
