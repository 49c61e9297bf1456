import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Which previews the user pinned (kept running on quit). Labels cannot change after a container is
 * created, so the ids live here, in a small JSON file in the app's data folder.
 */
export class PinStore {
  private pinned: Set<string> | null = null;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'pinned-previews.json');
  }

  async has(containerId: string): Promise<boolean> {
    return (await this.load()).has(containerId);
  }

  async all(): Promise<ReadonlySet<string>> {
    return new Set(await this.load());
  }

  async set(containerId: string, pinned: boolean): Promise<void> {
    const ids = await this.load();
    if (ids.has(containerId) === pinned) return;
    if (pinned) ids.add(containerId);
    else ids.delete(containerId);
    await this.save(ids);
  }

  /** Forgets ids of containers that no longer exist. */
  async retain(existing: ReadonlySet<string>): Promise<void> {
    const ids = await this.load();
    const stale = [...ids].filter((id) => !existing.has(id));
    if (stale.length === 0) return;
    for (const id of stale) ids.delete(id);
    await this.save(ids);
  }

  private async load(): Promise<Set<string>> {
    if (this.pinned) return this.pinned;
    let ids: string[] = [];
    try {
      const data: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      const list = (data as { pinned?: unknown }).pinned;
      if (Array.isArray(list)) ids = list.filter((x): x is string => typeof x === 'string');
    } catch {
      // Missing or unreadable: nothing is pinned (the worst case is a preview stopped on quit).
    }
    this.pinned = new Set(ids);
    return this.pinned;
  }

  private async save(ids: Set<string>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ pinned: [...ids] }, null, 2));
    await rename(tmp, this.file);
  }
}
